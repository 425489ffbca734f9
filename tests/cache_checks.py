"""Telling a page served from the page cache from a freshly rendered one: a cached page runs no query."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def fetch(client, url, **kwargs):
    """(response, number of queries it took)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


def assert_from_cache(client, url, **kwargs):
    response, queries = fetch(client, url, **kwargs)
    assert response.status_code == 200
    assert queries == 0, f"{url} was rendered again ({queries} queries) instead of served from the cache"
    return response


def assert_rendered(client, url, **kwargs):
    response, queries = fetch(client, url, **kwargs)
    assert queries > 0, f"{url} was served from the cache"
    return response


def warm(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200
        assert_from_cache(client, url)
