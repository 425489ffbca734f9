"""The page tree rows routing reads are kept per cache generation (core/pagetree.py, issue 10).

Kept rows must never outlive a change: each test routes to a page first (so
its rows are kept), makes the change an editor makes, and asks again. The page
cache is off, so what is tested is the kept tree alone.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core import memo, pagetree
from tests.factories import NetworkPageFactory


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


@pytest.fixture
def network(site_pages):
    _, landing = site_pages
    return NetworkPageFactory(parent=landing, title="Kept", slug="kept")


def status(client, url):
    return client.get(url).status_code


def test_a_page_routed_again_in_one_generation_costs_no_tree_query(client, network):
    assert status(client, network.url) == 200
    with CaptureQueriesContext(connection) as queries:
        assert status(client, network.url) == 200
    assert not any("ln_private" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("restricted", ["page", "parent"])
def test_a_page_made_private_asks_for_sign_in_at_once(client, network, site_pages, restricted):
    target = network if restricted == "page" else site_pages[1]
    assert status(client, network.url) == 200
    PageViewRestriction.objects.create(page=target, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(network.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_page_made_public_again_is_served(client, network):
    restriction = PageViewRestriction.objects.create(page=network, restriction_type=PageViewRestriction.LOGIN)
    assert status(client, network.url) == 302
    restriction.delete()
    assert status(client, network.url) == 200


def test_an_unpublished_page_is_gone_at_once(client, network):
    assert status(client, network.url) == 200
    network.unpublish()
    assert status(client, network.url) == 404


def test_a_new_slug_moves_the_address_at_once(client, network):
    old = network.url
    assert status(client, old) == 200
    network.slug = "renamed"
    network.save_revision().publish()
    assert status(client, old) == 404
    assert status(client, "/international/renamed/") == 200


def test_a_moved_page_is_found_at_its_new_address(client, network, site_pages):
    home, _ = site_pages
    old = network.url
    assert status(client, old) == 200
    network.move(home, pos="last-child")
    assert status(client, "/kept/") == 200
    # Wagtail's redirects app sends the old address on to the new one.
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == "/kept/"


def test_a_new_page_is_found_where_a_404_was_kept(client, site_pages):
    _, landing = site_pages
    assert status(client, "/international/newcomer/") == 404
    NetworkPageFactory(parent=landing, title="Newcomer", slug="newcomer")
    assert status(client, "/international/newcomer/") == 200


def test_kept_rows_are_never_handed_out(client, network):
    # Each request marks its rows (their specific page, its parent): those must not be shared.
    assert status(client, network.url) == 200
    assert status(client, network.url) == 200
    kept = memo.per_generation("tree_rows", pagetree.KeptRows)
    assert kept.rows, "nothing was kept"
    for row in kept.rows.values():
        assert type(row) is Page
        assert "specific" not in row.__dict__
        assert "_cached_parent_obj" not in row.__dict__


def test_a_flood_of_addresses_keeps_a_bounded_number(client, network, monkeypatch):
    monkeypatch.setattr(pagetree, "MAX_KEPT_ADDRESSES", 5)
    for i in range(20):
        assert status(client, f"/international/no-such-{i}/") == 404
    kept = memo.per_generation("tree_rows", pagetree.KeptRows)
    assert len(kept.addresses) == 5
    # Past the bound pages are still routed, just read each time.
    assert status(client, network.url) == 200
    assert status(client, network.url) == 200
