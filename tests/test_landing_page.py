"""The landing page lists live, public networks in the order editors set."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import NetworkPageFactory, ThemeFactory
from tests.site_crawl import card_titles


@pytest.fixture
def networks(site_pages):
    _, landing = site_pages
    return landing, [NetworkPageFactory(parent=landing, title=f"Network {c}", slug=f"n-{c}") for c in "ABC"]


def test_lists_networks_in_tree_order(client, networks):
    landing, (a, b, c) = networks
    assert card_titles(client.get(landing.url)) == ["Network A", "Network B", "Network C"]
    c.move(a, pos="left")
    assert card_titles(client.get(landing.url)) == ["Network C", "Network A", "Network B"]


def test_leaves_out_drafts_private_and_unpublished(client, networks):
    landing, (a, b, c) = networks
    NetworkPageFactory(parent=landing, title="Network Draft", slug="draft", live=False)
    PageViewRestriction.objects.create(page=b, restriction_type=PageViewRestriction.LOGIN)
    c.unpublish()
    assert card_titles(client.get(landing.url)) == ["Network A"]


def test_network_disappears_when_deleted(client, networks):
    landing, (a, b, c) = networks
    b.delete()
    assert card_titles(client.get(landing.url)) == ["Network A", "Network C"]


def test_filter_by_theme(client, networks):
    landing, (a, b, c) = networks
    climate = ThemeFactory(name="Climate", slug="climate")
    a.themes.add(climate)
    a.save_revision().publish()
    response = client.get(landing.url, {"theme": "climate"})
    assert response.status_code == 200
    assert card_titles(client.get(landing.url + "?theme=climate")) == ["Network A"]
    assert "1 network working on climate." in response.content.decode()


def test_unknown_theme_gets_clear_message(client, networks):
    landing, _ = networks
    response = client.get(landing.url, {"theme": "<script>x</script>"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is no theme called" in html
    assert "<script>x</script>" not in html
    assert card_titles(client.get(landing.url + "?theme=nope")) == ["Network A", "Network B", "Network C"]
