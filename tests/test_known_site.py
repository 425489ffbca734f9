"""The Wagtail site and its root paths kept in memory per cache generation (core/site.py, core/memo.py; issue 10).

Wagtail queries the site on every request; here the answer is remembered until
something is saved. These tests change the sites the way an administrator
would and check that the very next request sees the change.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from networks.models import InternationalStrategyPage


@pytest.fixture
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def site_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, [q["sql"] for q in queries.captured_queries if 'FROM "wagtailcore_site"' in q["sql"]]


def test_the_site_is_looked_up_once_per_generation_not_once_per_request(client, seeded, no_page_cache):
    client.get("/")
    response, queries = site_queries(client, "/international/")
    assert response.status_code == 200
    assert queries == []


def test_a_new_site_for_another_host_is_served_on_the_next_request(client, seeded, no_page_cache):
    # "127.0.0.1" is remembered as served by the default site (the home page)...
    landing = InternationalStrategyPage.objects.get()
    for _ in range(2):
        assert f"<h1>{landing.title}</h1>" not in client.get("/", HTTP_HOST="127.0.0.1").content.decode()
    # ...until an administrator adds a site for it, rooted at the landing page.
    Site.objects.create(hostname="127.0.0.1", port=80, root_page=landing, site_name="Networks only")
    response = client.get("/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert f"<h1>{landing.title}</h1>" in response.content.decode()
    # The default site still serves everyone else.
    assert f"<h1>{landing.title}</h1>" not in client.get("/").content.decode()


def test_a_host_that_is_not_allowed_is_never_remembered(client, seeded, no_page_cache):
    from core import memo

    for number in range(40):
        assert client.get("/", HTTP_HOST=f"attacker-{number}.example").status_code == 400
    known = memo.kept_map("sites_by_host", limit=1)
    assert not any(host.startswith("attacker-") for host, _port in known)
