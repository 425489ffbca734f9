import time

import pytest
from django.test import Client
from django.utils import translation

from tests.editorial import make_superuser, signed_in_client
from tests.factories import build_site, seed_site
from tests.link_servers import link_servers, only_loopback  # noqa: F401  (fixtures for the link checker tests)
from tests.ops_support import production_site  # noqa: F401  (session fixture for the operations tests)


def pytest_configure(config):
    """One request at a time from the live server on SQLite.

    On SQLite's in-memory test database the live server's threads all share
    the test's one connection, so a threaded server lets two requests (a page,
    and the favicon or a background refresh beside it) run queries through it
    at once: sessions then read as empty and tables as locked. Django's plain
    WSGIServer answers one request at a time and closes each connection.
    PostgreSQL gives each thread its own connection and keeps the threaded one.
    """
    from django.conf import settings
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneRequestAtATime(WSGIServer):
        # Requests run in the server's own thread, which already uses the shared connection.
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        LiveServerThread.server_class = _counting_server_class(OneRequestAtATime)
    else:
        LiveServerThread.server_class = _counting_server_class()


def _counting_server_class(base=None):
    import threading

    from django.core.servers.basehttp import ThreadedWSGIServer

    class CountingServer(base or ThreadedWSGIServer):
        """Django's live server, counting the requests it is answering (``busy``).

        A page the browser has left can still have a request running in the
        server (Wagtail's admin fetches in the background) when the test ends;
        emptying the database under it then deadlocks on PostgreSQL (TRUNCATE
        against the request's reads) and fails on SQLite ("database table is
        locked"). ``transactional_db`` below waits for it.
        """

        busy = 0

        def set_app(self, application):
            lock = threading.Lock()

            def counted(environ, start_response):
                with lock:
                    self.busy += 1
                try:
                    return application(environ, start_response)
                finally:
                    with lock:
                        self.busy -= 1

            super().set_app(counted)

    return CountingServer


@pytest.fixture
def transactional_db(transactional_db, request):
    """pytest-django's, waiting before the database is emptied until the live server answers nothing."""
    yield transactional_db
    if "live_server" not in request.fixturenames:
        return
    httpd = getattr(request.getfixturevalue("live_server").thread, "httpd", None)
    # Quiet for a moment, not just now: a request the browser sent as the
    # test ended may not have been accepted yet.
    deadline, quiet_since = time.monotonic() + 10, time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - quiet_since < 0.2:
        if getattr(httpd, "busy", 0):
            quiet_since = time.monotonic()
        time.sleep(0.02)


@pytest.fixture(autouse=True, scope="session")
def _no_flush_of_the_shared_redis():
    """A test that calls ``cache.clear()`` on Redis fails at once instead of now and then.

    django-redis's clear() is FLUSHDB: it empties the Redis database that the
    other test workers share, their page-cache generation included, and a
    worker in the middle of counting queries then rebuilds what it keeps
    (tests/test_translations.py failed so under two workers). Tests delete
    their own run's keys instead (``_empty_caches``).
    """
    from django_redis.cache import RedisCache

    def refuse(self, *args, **kwargs):
        raise AssertionError("cache.clear() would flush the Redis other test workers share: delete_pattern('*')")

    original = RedisCache.clear
    RedisCache.clear = refuse
    yield
    RedisCache.clear = original


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the database is rolled back between
    tests, but cached pages, image renditions (keyed by ids the next test
    reuses) and rate-limit counts would outlive it. So would this process's view of
    the page cache's database generation (pagecache/cache.py): a test that took the
    database down leaves it waiting to retry, and the next test would cache nothing."""
    from django.core.cache import caches

    from pagecache.cache import forget_database_generation

    forget_database_generation()

    for cache in caches.all():
        if hasattr(cache, "delete_pattern"):
            # Redis: only this run's keys (its KEY_PREFIX); clear() would flush
            # the whole database, other runs' keys included.
            cache.delete_pattern("*")
        else:
            cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language. A request activates its
    visitor's language in the thread and Django leaves it active afterwards, so
    a French request in one test made the next test's ``reverse("search")``
    give /fr/search/ (tests/test_fuzz.py failed so under two workers)."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def site_pages(db):
    """(home, landing) pages under the default site."""
    return build_site()


@pytest.fixture
def seeded(db):
    """The site as `seed_content` builds it on an empty database, in English only (quicker; one page per type)."""
    return seed_site()


@pytest.fixture
def seeded_translated(db):
    """The site as `seed_content` (and so `make run`) builds it: English, French, German and Simplified Chinese."""
    return seed_site(translations=True)


@pytest.fixture
def visitor():
    """A visitor's client: it gets the site's error pages (500, 503), as a browser does, never Python's exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor_client(db, media_root):
    """A client signed in (second factor verified) as a superuser editor."""
    return signed_in_client(make_superuser("webeditor"))
