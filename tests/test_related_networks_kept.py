"""Related networks come from theme links kept in memory per cache generation (networks/related.py, issue 10).

Kept data must never outlive a change a visitor would see: each test loads a
network page first (so the links are kept), makes the change an editor makes,
and loads the page again, with the page cache on as in production.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from networks import related
from tests.factories import NetworkPageFactory, ThemeFactory
from tests.site_crawl import card_titles


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGECACHE_ENABLED = True


@pytest.fixture
def networks(site_pages):
    return themed_networks(site_pages[1])


def themed_networks(landing):
    """Main (Arts and Buses), Arty (Arts) and Bussy (Buses) under ``landing``, and the two themes."""
    arts, buses = ThemeFactory(name="Arts", slug="arts"), ThemeFactory(name="Buses", slug="buses")
    main = NetworkPageFactory(parent=landing, title="Main", slug="main", themes=[arts, buses])
    arty = NetworkPageFactory(parent=landing, title="Arty", slug="arty", themes=[arts])
    bussy = NetworkPageFactory(parent=landing, title="Bussy", slug="bussy", themes=[buses])
    return main, arty, bussy, arts, buses


def related_titles(client, page):
    html = client.get(page.url).content.decode()
    if 'id="related-heading"' not in html:
        return []
    start = html.index('aria-labelledby="related-heading"')
    return card_titles(html[start : html.index("</section>", start)])


def test_a_network_published_with_other_themes_moves_at_once(client, networks):
    main, arty, bussy, arts, buses = networks
    assert related_titles(client, main) == ["Arty", "Bussy"]
    bussy.themes = [arts, buses]
    bussy.save_revision().publish()
    assert related_titles(client, main) == ["Bussy", "Arty"]
    arty.themes = []
    arty.save_revision().publish()
    assert related_titles(client, main) == ["Bussy"]


def test_a_new_network_appears_and_an_unpublished_one_goes(client, networks, site_pages):
    main, arty, bussy, arts, _ = networks
    assert related_titles(client, main) == ["Arty", "Bussy"]
    NetworkPageFactory(parent=site_pages[1], title="Newcomer", slug="newcomer", themes=[arts])
    assert related_titles(client, main) == ["Arty", "Bussy", "Newcomer"]
    arty.unpublish()
    assert related_titles(client, main) == ["Bussy", "Newcomer"]


def test_a_network_made_private_is_no_longer_listed(client, networks):
    main, arty, *_ = networks
    assert "Arty" in related_titles(client, main)
    PageViewRestriction.objects.create(page=arty, restriction_type="password", password="not-public")
    assert related_titles(client, main) == ["Bussy"]


def test_a_renamed_theme_shows_at_once(client, networks):
    main, _arty, _bussy, arts, _ = networks
    client.get(main.url)
    arts.name = "Arts and heritage"
    arts.save()
    html = client.get(main.url).content.decode()
    assert "Arts and heritage" in html


def test_kept_themes_are_handed_out_as_copies(networks):
    # Requests on other threads, in other languages, mark the themes they show.
    _, _, _, arts, _ = networks
    french = ThemeFactory(name="Les arts", slug="les-arts")
    first = related.themes([arts.pk])[0]
    first.shown = french
    first.shown_lang = "fr"
    again = related.themes([arts.pk])[0]
    assert again is not first
    assert (again.shown, again.shown_lang) == (again, "")


def test_links_are_read_once_per_generation(client, networks):
    main, *_ = networks
    client.get(main.url + "?fresh=1")
    with CaptureQueriesContext(connection) as queries:
        client.get(main.url + "?fresh=1")
    # Not the theme links of every network: only the cards shown.
    assert not any('"networks_networkpage_themes"' in q["sql"] for q in queries.captured_queries)


def landing_cards(client, landing, query=""):
    return card_titles(client.get(landing.url + query))


def test_the_landing_and_home_pages_follow_publishing_at_once(client, networks, site_pages):
    home, landing = site_pages
    main, arty, bussy, arts, _ = networks
    assert landing_cards(client, landing) == ["Main", "Arty", "Bussy"]
    assert landing_cards(client, landing, "?theme=arts") == ["Main", "Arty"]
    assert "Bussy" in client.get(home.url).content.decode()
    NetworkPageFactory(parent=landing, title="Newcomer", slug="newcomer", themes=[arts])
    bussy.unpublish()
    PageViewRestriction.objects.create(page=main, restriction_type=PageViewRestriction.LOGIN)
    assert landing_cards(client, landing) == ["Arty", "Newcomer"]
    assert landing_cards(client, landing, "?theme=arts") == ["Arty", "Newcomer"]
    home_html = client.get(home.url).content.decode()
    assert "Newcomer" in home_html
    assert "Bussy" not in home_html and ">Main<" not in home_html


def test_a_theme_taken_off_a_network_leaves_the_filter_at_once(client, networks, site_pages):
    _, landing = site_pages
    _main, arty, *_ = networks
    assert "Arty" in landing_cards(client, landing, "?theme=arts")
    arty.themes = []
    arty.save_revision().publish()
    assert "Arty" not in landing_cards(client, landing, "?theme=arts")
