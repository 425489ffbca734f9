"""The public site's finish (issue 14): header identity, breadcrumbs, main menu, footer, search, network page, CSS."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from networks.models import InternationalStrategyPage
from standardpages.models import InformationPage
from tests.factories import NetworkPageFactory

CSS = (Path(__file__).resolve().parent.parent / "static" / "css" / "site.css").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def add_page(parent, title, slug, *, in_menu=True, live=True):
    page = InformationPage(title=title, slug=slug, introduction=f"About {title}.", show_in_menus=in_menu, live=live)
    parent.add_child(instance=page)
    return page


def show_in_menus(page):
    # Saved, as the editor's "Show in menus" tick is: a save is what starts a new
    # cache generation (pages and their tree are kept per generation).
    page = Page.objects.get(pk=page.pk)
    page.show_in_menus = True
    page.save(update_fields=["show_in_menus"])


def main_nav(html):
    match = re.search(r'<nav class="main-nav" aria-label="Main">(.*?)</nav>', html, re.DOTALL)
    return match.group(1) if match else None


def menu_items(html):
    return re.findall(r'<li><a href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a></li>', main_nav(html) or "")


def breadcrumbs(html):
    return re.search(r'<nav class="breadcrumbs" aria-label="Breadcrumb">(.*?)</nav>', html, re.DOTALL).group(1)


# 1. Header identity


def test_header_wordmark_links_home_and_council_links_to_leeds_gov_uk(client, site_pages):
    home, _ = site_pages
    html = client.get(home.url).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    assert re.search(
        r'<a class="wordmark" href="/"><span class="wordmark__first">Leeds</span> '
        r'<span class="wordmark__rest">international networks</span><span class="visually-hidden"> – home page</span></a>',
        header,
    )
    assert (
        '<a href="https://www.leeds.gov.uk/" rel="external noopener">Leeds City Council'
        '<span class="visually-hidden"> website (external website)</span></a>'
    ) in header
    assert "<img" not in header and "<svg" not in header  # text and CSS only: no council logo


# 2. Breadcrumbs


def test_breadcrumbs_last_item_is_the_current_page_as_text(client, site_pages):
    _, landing = site_pages
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities")
    crumbs = breadcrumbs(client.get(network.url).content.decode())
    assert '<li><a href="/">Home</a></li>' in crumbs
    assert '<li><a href="/international/">International strategy</a></li>' in crumbs
    assert '<li aria-current="page">Eurocities</li>' in crumbs
    assert 'href="/international/eurocities/"' not in crumbs
    assert crumbs.count("aria-current") == 1


def test_search_page_breadcrumb_ends_in_text(client, site_pages):
    crumbs = breadcrumbs(client.get("/search/").content.decode())
    assert '<li aria-current="page">Search</li>' in crumbs
    assert 'href="/search/"' not in crumbs


# 3. Main navigation


@pytest.fixture
def menu_site(site_pages):
    """Landing page and "About" in the menu; pages that must stay out of it."""
    home, landing = site_pages
    show_in_menus(landing)
    about = add_page(home, "About", "about")
    add_page(home, "Not in menu", "not-in-menu", in_menu=False)
    add_page(home, "Draft", "draft", live=False)
    private = add_page(home, "Private", "private")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    add_page(about, "Grandchild", "grandchild")  # ticked, but not a child of the home page
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities")
    return home, landing, about, network


def test_menu_lists_live_public_ticked_children_of_home_in_tree_order(client, menu_site):
    home, *_ = menu_site
    html = client.get(home.url).content.decode()
    assert menu_items(html) == [("/international/", "", "International strategy"), ("/about/", "", "About")]


def test_menu_follows_the_page_tree_order(client, menu_site):
    home, landing, about, _ = menu_site
    Page.objects.get(pk=about.pk).move(Page.objects.get(pk=landing.pk), pos="left")
    html = client.get(home.url).content.decode()
    assert [title for *_, title in menu_items(html)] == ["About", "International strategy"]


def test_menu_marks_the_current_page_and_section(client, menu_site):
    _, landing, about, network = menu_site
    assert ("/international/", "page", "International strategy") in menu_items(client.get(landing.url).content.decode())
    on_network = menu_items(client.get(network.url).content.decode())
    assert ("/international/", "true", "International strategy") in on_network
    assert ("/about/", "", "About") in on_network
    assert ("/about/", "page", "About") in menu_items(client.get(about.url).content.decode())


def test_menu_is_on_search_and_not_found_pages(client, menu_site):
    for url in ("/search/", "/search/?q=nothing-matches", "/no-such-page/"):
        html = client.get(url).content.decode()
        assert [title for *_, title in menu_items(html)] == ["International strategy", "About"], url


def test_no_menu_element_when_nothing_is_ticked(client, site_pages):
    home, _ = site_pages
    assert main_nav(client.get(home.url).content.decode()) is None


def test_menu_costs_one_query_however_many_items(client, site_pages):
    home, landing = site_pages

    def queries():
        client.get(home.url)
        with CaptureQueriesContext(connection) as captured:
            html = client.get(home.url).content.decode()
        return len(captured), len(menu_items(html))

    without_menu, _ = queries()
    show_in_menus(landing)
    with_one, items = queries()
    assert items == 1
    for i in range(10):
        add_page(home, f"Page {i}", f"page-{i}")
    with_eleven, items = queries()
    assert items == 11
    assert with_one == with_eleven == without_menu


def test_seed_ticks_show_in_menus_for_the_landing_page_only(client, seeded):
    strategy = InternationalStrategyPage.objects.get()
    assert strategy.show_in_menus
    assert list(Page.objects.filter(show_in_menus=True)) == [strategy.page_ptr]
    html = client.get("/").content.decode()
    assert [title for *_, title in menu_items(html)] == [strategy.title]


def test_seed_leaves_existing_menu_choices_alone(seeded):
    Page.objects.filter(show_in_menus=True).update(show_in_menus=False)
    call_command("seed_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Page.objects.filter(show_in_menus=True).exists()


# 4. Footer


def test_footer_links_back_to_the_council_website(client, site_pages):
    home, _ = site_pages
    footer = client.get(home.url).content.decode().split('<footer class="site-footer">', 1)[1]
    assert (
        '<a href="https://www.leeds.gov.uk/" rel="external noopener">Leeds City Council website '
        '<span class="external-marker">(external website)</span></a>'
    ) in footer


# 5. Search: no results point to the landing page


def test_no_results_point_to_the_landing_page(client, site_pages):
    _, landing = site_pages
    landing.slug = "networks"
    landing.save_revision().publish()
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    section = html.split('id="results-heading"', 1)[1]
    assert (
        'You can also browse all the networks on the <a href="/networks/">International strategy</a> page.' in section
    )
    assert "home page" not in section


def test_no_results_without_a_live_landing_page_offer_the_home_page(client, site_pages):
    _, landing = site_pages
    landing.unpublish()
    section = client.get("/search/", {"q": "xylophone"}).content.decode().split('id="results-heading"', 1)[1]
    assert 'start again from the <a href="/">home page</a>' in section
    assert "/international/" not in section


# 6. One button style


def rules_for(selector, exact=False):
    css = re.sub(r"/\*.*?\*/", "", CSS, flags=re.DOTALL)
    rules = re.findall(r"([^{}]+){([^{}]*)}", css)
    return [body for sel, body in rules if (sel.strip() == selector if exact else selector in sel)]


def test_header_search_button_is_styled_like_every_other_button():
    for body in rules_for(".site-search__button"):
        assert not re.search(r"\b(background|color|border)", body), body
    button = next(body for body in rules_for("button", exact=True) if "background" in body)
    assert "background: var(--button)" in button and "color: var(--white)" in button


# 7. Network page: the website near the top


def test_network_website_shown_under_the_lead_once(client, site_pages):
    _, landing = site_pages
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities", website="https://eurocities.eu")
    html = client.get(network.url).content.decode()
    header = html.split('<header class="network__header">', 1)[1].split("</header>", 1)[0]
    assert re.search(
        r'<p class="lead">.*?</p>\s*<p class="network__website"><a href="https://eurocities.eu" rel="external noopener">'
        r'Visit the Eurocities website <span class="external-marker">\(external website\)</span></a>\s*</p>',
        header,
        re.DOTALL,
    )
    assert html.count('href="https://eurocities.eu"') == 1


def test_network_without_website_has_no_empty_link(client, site_pages):
    _, landing = site_pages
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities", website="")
    html = client.get(network.url).content.decode()
    assert "network__website" not in html and "Visit the" not in html


# 8. Print and forced colours


def media_block(query):
    start = CSS.index(f"@media {query}")
    depth, i = 0, CSS.index("{", start)
    for j in range(i, len(CSS)):
        depth += {"{": 1, "}": -1}.get(CSS[j], 0)
        if depth == 0:
            return CSS[i : j + 1]
    raise AssertionError(query)


def test_print_hides_navigation_shows_external_addresses_and_drops_backgrounds():
    block = media_block("print")
    hidden = re.search(r"([^{}]+){\s*display: none;\s*}", block).group(1)
    for selector in (".site-search", ".main-nav", ".site-footer", ".breadcrumbs", ".skip-link"):
        assert selector in hidden
    assert 'a[href^="http"]::after { content: " (" attr(href) ")"' in block
    assert "background: none !important" in block


def test_forced_colours_keep_focus_and_edges_visible():
    block = media_block("(forced-colors: active)")
    assert "a:focus-visible" in block and "button:focus-visible" in block and "outline: 3px solid Highlight" in block
    assert "button { border-color: ButtonText; }" in block


# The shared (edge) cache: a menu page's change reaches every page's menu


@pytest.fixture
def purged(settings, monkeypatch):
    settings.WAGTAILFRONTENDCACHE = {
        "default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:9"}
    }
    settings.EDGECACHE_REPURGE_SECONDS = 0
    urls = set()
    monkeypatch.setattr("edgecache.purge._purge_now", urls.update)
    return urls


def test_publishing_a_menu_page_purges_every_page_that_shows_the_menu(
    menu_site, purged, django_capture_on_commit_callbacks
):
    _, landing, about, network = menu_site
    with django_capture_on_commit_callbacks(execute=True):
        landing.title = "Our networks"
        landing.save_revision().publish()
    assert {"http://localhost/about/", "http://localhost/international/eurocities/", "http://localhost/"} <= purged


def test_publishing_a_network_page_purges_only_its_family(menu_site, purged, django_capture_on_commit_callbacks):
    _, landing, about, network = menu_site
    with django_capture_on_commit_callbacks(execute=True):
        network.title = "Eurocities network"
        network.save_revision().publish()
    assert {"http://localhost/international/", "http://localhost/international/eurocities/"} <= purged
    assert "http://localhost/about/" not in purged


def test_menu_and_footer_share_rows_but_keep_their_own_pages(client, menu_site):
    # The routing query returns the menu's and the footer's pages together (core.pagetree.frame_pages).
    _, _, about, network = menu_site
    for url in (network.url, "/search/"):
        html = client.get(url).content.decode()
        footer = re.search(r'<nav class="footer-links" aria-label="About this website">(.*?)</nav>', html, re.DOTALL)
        titles = re.findall(r">([^<]+)</a>", footer.group(1))
        assert titles == ["About", "Not in menu"], url  # information pages; the landing page is in the menu only
        assert [title for *_, title in menu_items(html)] == ["International strategy", "About"], url
