"""Telling a page served from the page cache from a freshly rendered one.

By the page cache rebuilding a stored response (``pagecache.middleware.rebuild``),
not by counting queries alone: a page rendered afresh from what is kept per
cache generation (core/memo.py) may need no query either. A cached answer must
still run none.
"""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import middleware


def fetch(client, url, **kwargs):
    """(response, number of queries it took)."""
    response, queries, _cached = _fetch(client, url, **kwargs)
    return response, queries


def visit(client, url, **kwargs):
    """(response, whether the page cache answered it)."""
    response, _queries, cached = _fetch(client, url, **kwargs)
    return response, cached


def _fetch(client, url, **kwargs):
    with (
        mock.patch.object(middleware, "rebuild", wraps=middleware.rebuild) as rebuilt,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.get(url, **kwargs)
    return response, len(queries), rebuilt.called


def assert_from_cache(client, url, **kwargs):
    response, queries, cached = _fetch(client, url, **kwargs)
    assert response.status_code == 200
    assert cached, f"{url} was rendered again instead of served from the cache"
    assert queries == 0, f"{url} came from the cache but ran {queries} queries"
    return response


def assert_rendered(client, url, **kwargs):
    response, _queries, cached = _fetch(client, url, **kwargs)
    assert not cached, f"{url} was served from the cache"
    return response


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200
        assert_from_cache(client, url)
