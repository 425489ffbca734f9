"""Workers share the newest database generation any of them read (pagecache/lastseen.py).

A worker that starts while the database is down (a replacement for a crashed
or recycled one) has never read the generation itself; without its siblings'
it would answer every page, cached or not, with a 503. test_faults.py shows it
against gunicorn with the database refused; these show each part in one process.
"""

import os
import time
import warnings

import pytest

from pagecache import cache, lastseen
from tests.test_lost_invalidation import network, served_from_cache, warm  # noqa: F401 - fixture

NEVER = float("-inf")


@pytest.fixture(autouse=True)
def shared_memory():
    """Each test starts with nothing shared and leaves what was there before."""
    kept = bytes(lastseen._memory)
    lastseen.forget()
    yield
    lastseen._memory[:] = kept


@pytest.fixture
def new_worker(monkeypatch):
    """This process as a worker that has never read the database generation, with the database refused."""
    monkeypatch.setattr(cache, "_view", {"value": None, "read_at": NEVER, "checked": NEVER, "retry_after": NEVER})

    def refused():
        raise cache.DatabaseError("connection refused")

    monkeypatch.setattr(cache, "_read_database_generation", refused)


def test_a_read_is_shared_with_every_process_forked_from_the_server():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork() in a process with threads: the child only writes
        child = os.fork()
    if child == 0:
        lastseen.remember(1234, time.monotonic())
        os._exit(0)
    os.waitpid(child, 0)
    assert lastseen.recall()[1] == 1234


def test_an_older_read_never_replaces_a_newer_one():
    lastseen.remember(5, 100.0)
    lastseen.remember(6, 50.0)
    assert lastseen.recall() == (100.0, 5)
    lastseen.remember(7, 150.0)
    assert lastseen.recall() == (150.0, 7)


def test_nothing_written_and_a_torn_write_read_as_nothing_known():
    assert lastseen.recall() is None
    lastseen.remember(5, 100.0)
    lastseen._memory[0:4] = b"\xff\xff\xff\xff"  # half of another worker's write
    assert lastseen.recall() is None


def test_a_new_worker_serves_cached_pages_while_the_database_is_down(client, network, request):  # noqa: F811
    warm(client, network.url)  # a sibling read the generation and stored the page
    request.getfixturevalue("new_worker")
    response, cached = served_from_cache(client, network.url)
    assert response.status_code == 200 and cached


def test_a_new_worker_whose_siblings_never_read_it_serves_nothing_from_the_cache(client, network, request):  # noqa: F811
    warm(client, network.url)
    lastseen.forget()
    request.getfixturevalue("new_worker")
    _response, cached = served_from_cache(client, network.url)
    assert not cached


def test_threads_waiting_on_the_first_read_use_the_siblings_generation(new_worker):
    lastseen.remember(42, time.monotonic())
    with cache._refreshing:  # another thread of this worker is reading
        assert cache.database_generation() == 42


def test_a_read_of_this_process_newer_than_the_siblings_is_kept(monkeypatch, new_worker):
    lastseen.remember(41, time.monotonic() - 10)
    monkeypatch.setitem(cache._view, "value", 42)
    monkeypatch.setitem(cache._view, "read_at", time.monotonic() - 5)
    assert cache.database_generation() == 42
