"""Every public page runs the same number of SQL queries however much content there is.

The page cache is switched off here: these measure the rendering itself,
which is what a visitor waits for on a cache miss. Each page is requested once
first so one-off work (Wagtail's cached site root paths, new image renditions)
is not counted.
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from networks.models import NetworkLocalPartner
from tests.factories import NetworkKeyFactFactory, NetworkPageFactory, ThemeFactory


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def queries_for(client, url):
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def add_networks(landing, themes, start, count):
    for i in range(start, start + count):
        NetworkPageFactory(
            parent=landing,
            title=f"Network {i}",
            slug=f"network-{i}",
            themes=[themes[i % len(themes)], themes[(i + 1) % len(themes)], themes[0]],
        )


def test_landing_and_home_pages_with_5_and_100_networks(client, site_pages):
    home, landing = site_pages
    themes = [ThemeFactory(name=f"Theme {i:02}", slug=f"theme-{i:02}") for i in range(3)]
    add_networks(landing, themes, 0, 5)
    urls = [home.url, landing.url, landing.url + "?theme=theme-00", landing.url + "?theme=theme-01"]
    with_5 = {url: queries_for(client, url) for url in urls}
    assert with_5[landing.url][1].count('class="card"') == 5

    themes += [ThemeFactory(name=f"Theme {i:02}", slug=f"theme-{i:02}") for i in range(3, 40)]
    add_networks(landing, themes, 5, 95)
    with_100 = {url: queries_for(client, url) for url in urls}
    assert with_100[landing.url][1].count('class="card"') == 100
    assert with_100[landing.url + "?theme=theme-00"][1].count('class="card"') == 100
    assert "?theme=theme-39" in with_100[landing.url][1]

    for url in urls:
        assert with_100[url][0] == with_5[url][0], (
            f"{url}: {with_5[url][0]} queries with 5 networks, {with_100[url][0]} with 100"
        )


def fill_network(page, themes, facts, partners):
    page.themes.set(themes)
    for i in range(facts):
        NetworkKeyFactFactory(page=page, label=f"Fact {i}", value=str(i), sort_order=i)
    for i in range(partners):
        NetworkLocalPartner.objects.create(
            page=page, name=f"Partner {i}", url=f"https://partner{i}.example", sort_order=i
        )
    page.save_revision().publish()


def test_network_page_with_few_and_many_themes_facts_and_partners(client, site_pages):
    _, landing = site_pages
    themes = [ThemeFactory(name=f"Theme {i:02}", slug=f"theme-{i:02}") for i in range(30)]
    logo = wagtail_factories.ImageFactory()
    small = NetworkPageFactory(parent=landing, title="Small", slug="small", logo=logo)
    big = NetworkPageFactory(parent=landing, title="Big", slug="big", logo=logo)
    fill_network(small, themes[:1], facts=1, partners=1)
    fill_network(big, themes, facts=30, partners=30)

    small_count, _ = queries_for(client, small.url)
    big_count, html = queries_for(client, big.url)
    assert html.count("<dt>Fact ") == 30
    assert html.count("Partner ") >= 30
    assert html.count("?theme=theme-") == 30
    assert big_count == small_count, f"{small_count} queries for 1 of each, {big_count} for 30 of each"


def test_search_with_5_and_100_networks(client, site_pages):
    _, landing = site_pages
    themes = [ThemeFactory(name=f"Theme {i:02}", slug=f"theme-{i:02}") for i in range(3)]
    add_networks(landing, themes, 0, 5)
    few, _ = queries_for(client, "/search/?q=network")
    add_networks(landing, themes, 5, 95)
    many, html = queries_for(client, "/search/?q=network")
    assert "Network 99" in html or "Network 5" in html
    # A results page shows ten at most, fetched per page type; with 5 networks
    # fewer than ten match, so a query per result would show up here as more.
    # Fewer is fine: the ten may span fewer page types than the handful did.
    assert many <= few, f"{few} queries with 5 networks, {many} with 100"
