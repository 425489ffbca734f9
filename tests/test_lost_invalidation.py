"""A change must never leave an old page served, even when the cache loses the write that invalidates it.

Redis loses writes for real in test_faults.py (CLIENT PAUSE … WRITE against
gunicorn). Here, in one process on SQLite or PostgreSQL, the Redis bump is made
to fail the way it fails then (the write is dropped and reported failed), and
the database generation alone must keep the old page from being served.
"""

import socket
import threading
import time
from unittest import mock

import pytest
from django.core.cache import caches
from wagtail.models import PageViewRestriction

from leedsnetworks.settings.base import redis_cache
from pagecache import breaker, cache, middleware
from tests.factories import NetworkPageFactory

# redis_drops_writes stubs time.sleep (the module pagecache/cache.py waits with);
# tests that must really wait use this one.
real_sleep = time.sleep


@pytest.fixture
def network(site_pages):
    _, landing = site_pages
    return NetworkPageFactory(parent=landing, title="Network A", slug="network-a")


@pytest.fixture
def redis_drops_writes(monkeypatch):
    """The Redis generation never changes, and every bump says it failed (no wait: tests run in one process)."""
    monkeypatch.setattr(cache, "bump", lambda: False)
    monkeypatch.setattr(cache.time, "sleep", lambda seconds: None)


def served_from_cache(client, url):
    # The page cache rebuilding a stored answer: a fresh render may need no query either.
    with mock.patch.object(middleware, "rebuild", wraps=middleware.rebuild) as rebuilt:
        response = client.get(url)
    return response, rebuilt.called


def warm(client, url):
    client.get(url)
    response, cached = served_from_cache(client, url)
    assert response.status_code == 200 and cached


@pytest.mark.parametrize("change", ["make_private", "unpublish", "delete"])
def test_a_lost_redis_bump_still_hides_the_old_page(
    client, network, redis_drops_writes, change, django_capture_on_commit_callbacks
):
    url = network.url
    warm(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        if change == "make_private":
            PageViewRestriction.objects.create(page=network, restriction_type=PageViewRestriction.LOGIN)
        elif change == "unpublish":
            network.unpublish()
        else:
            network.delete()
    response, cached = served_from_cache(client, url)
    assert not cached
    assert response.status_code == (302 if change == "make_private" else 404)


def test_a_lost_redis_bump_still_shows_a_published_change(
    client, network, redis_drops_writes, django_capture_on_commit_callbacks
):
    warm(client, network.url)
    network.title = "Network A, renamed"
    with django_capture_on_commit_callbacks(execute=True):
        network.save_revision().publish()
    response, cached = served_from_cache(client, network.url)
    assert not cached and "Network A, renamed" in response.content.decode()


def test_another_process_sees_the_change_within_the_check_interval(client, network, redis_drops_writes, settings):
    """A process that did not make the change re-reads the database generation after PAGECACHE_GENERATION_CHECK_SECONDS."""
    warm(client, network.url)
    settings.PAGECACHE_GENERATION_CHECK_SECONDS = 0.2
    # As another process commits it: no on-commit hook runs in this one.
    PageViewRestriction.objects.create(page=network, restriction_type=PageViewRestriction.LOGIN)
    real_sleep(0.3)
    assert client.get(network.url).status_code == 302


def test_a_page_is_not_served_from_the_cache_while_the_generation_is_unknown(client, network, monkeypatch):
    cache.forget_database_generation()
    monkeypatch.setattr(cache, "_view", {**cache._view, "value": None, "read_at": float("-inf")})
    monkeypatch.setattr(cache.lastseen, "recall", lambda: None)  # nor did any sibling worker
    monkeypatch.setattr(cache, "_read_database_generation", lambda: (_ for _ in ()).throw(cache.DatabaseError("down")))
    for _ in range(2):
        assert client.get(network.url).status_code == 200
    assert cache.lookup(cache.page_key("http://testserver" + network.url)) == (None, None)


class SilentServer:
    """A TCP server that accepts connections and never answers: a hung Redis. Counts connections."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                self.accepted.append(self.listener.accept()[0])
            except OSError:
                return

    def close(self):
        self.listener.close()
        for sock in self.accepted:
            sock.close()


def test_the_breaker_stops_calling_a_hung_redis(settings):
    server = SilentServer()
    settings.CACHES = {"breaker": redis_cache(f"redis://127.0.0.1:{server.port}/0", breaker_seconds=30)}
    breaker.reset()
    try:
        hung = caches["breaker"]
        assert hung.get("anything") is None  # waits SOCKET_TIMEOUT once, then the breaker opens
        connections = len(server.accepted)
        assert connections >= 1
        for _ in range(20):
            assert hung.get("anything") is None
            assert hung.set("anything", 1) is None
            assert hung.get_many(["a", "b"]) == {}
        assert len(server.accepted) == connections, "the breaker let calls through to the hung server"
        assert breaker.is_open(hung.client.breaker_key)
    finally:
        breaker.reset()
        server.close()


def test_the_breaker_closes_again_when_redis_answers(settings):
    from tests.ops_support import REDIS_URL, require_service

    require_service("Redis", "127.0.0.1", 6379)
    settings.CACHES = {"breaker": redis_cache(REDIS_URL, key_prefix="breaker-test", breaker_seconds=0.2)}
    breaker.reset()
    try:
        healthy = caches["breaker"]
        breaker.trip(healthy.client.breaker_key, 0.2)
        assert healthy.set("key", "value") is None  # skipped while open
        time.sleep(0.3)
        assert healthy.set("key", "value") is True
        assert healthy.get("key") == "value"
    finally:
        breaker.reset()
