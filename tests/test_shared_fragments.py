"""The footer is drawn once per cache generation, and page addresses worked out once (issue 10).

``{% shared_fragment %}`` (core_tags) keeps the footer's HTML per site and
language, ``pagetree.page_url`` each page's address, and the rich text link
handler (core/rich_text_handlers.py) the pages links point to, until the next save.
What is kept must never outlive a change, never mix languages, and never keep
what a failure left out. The page cache is off, so each request renders.
"""

import re

import pytest
from django.db import DatabaseError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, Site

from core import memo
from home import footer
from home.models import SiteSettings
from networks.models import NetworkPage
from standardpages.models import InformationPage
from tests.test_related_networks_kept import themed_networks
from tests.test_translated_footer import english_footer, footer_html, useful_links


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def test_a_footer_edit_shows_on_the_next_page(client, seeded):
    assert "Leeds City Council International Relations" not in footer_html(client, "/international/")
    snippet = english_footer()
    snippet.team_name = "Leeds City Council International Relations"
    snippet.save()
    assert "Leeds City Council International Relations" in footer_html(client, "/international/")


def test_new_contact_details_show_on_the_next_page(client, seeded):
    footer_html(client, "/")
    settings = SiteSettings.load()
    settings.phone = "0113 222 4444"
    settings.save()
    assert 'href="tel:01132224444"' in footer_html(client, "/international/")


def test_each_language_gets_its_own_footer(client, seeded_translated):
    english = footer_html(client, "/international/")
    french = footer_html(client, "/fr/international/")
    assert french != english
    assert 'lang="fr"' not in english
    assert "(site externe)" in french and "external website" not in french
    assert footer_html(client, "/international/") == english


def test_a_footer_left_out_while_the_database_failed_is_not_kept(client, seeded, monkeypatch):
    english = footer_html(client, "/accessibility-statement/")
    assert useful_links(english)[1]
    memo.forget()

    def down(*args):
        raise DatabaseError("the database went away")

    with monkeypatch.context() as patched:
        patched.setattr(footer, "footer_text", down)
        degraded = footer_html(client, "/accessibility-statement/")
    assert useful_links(degraded)[1] == []
    # Same generation, database back: the footer is whole again at once.
    assert footer_html(client, "/accessibility-statement/") == english


def test_a_renamed_footer_page_is_linked_at_its_new_address(client, seeded):
    statement = InformationPage.objects.get(slug="accessibility-statement")
    assert 'href="/accessibility-statement/"' in footer_html(client, "/international/")
    statement.slug = "accessibility"
    statement.save_revision().publish()
    html = footer_html(client, "/international/")
    assert 'href="/accessibility/"' in html
    assert 'href="/accessibility-statement/"' not in html


def test_a_renamed_landing_page_moves_the_menu_and_breadcrumbs(client, seeded):
    network = NetworkPage.objects.live().first()
    html = client.get(network.url).content.decode()
    assert 'href="/international/"' in html
    landing = network.get_parent().specific
    landing.slug = "networks"
    landing.save_revision().publish()
    html = client.get(f"/networks/{network.slug}/").content.decode()
    assert 'href="/networks/"' in html
    assert 'href="/international/"' not in html


def test_the_report_link_names_each_page(client, seeded):
    for url in ["/international/", "/accessibility-statement/", "/search/?q=leeds"]:
        path = url.split("?")[0]
        assert f"/report-a-problem/?page={path}" in client.get(url).content.decode(), url


# The tag itself: what is kept, under which key, and what is never kept.
FRAGMENT = Template('{% load core_tags %}{% shared_fragment "test" %}{{ n }}{% endshared_fragment %}')


@pytest.fixture
def site(db, site_pages):
    return Site.objects.get(is_default_site=True)


def render(site, n, **request_attrs):
    request = RequestFactory().get("/")
    request._wagtail_site = site
    for name, value in request_attrs.items():
        setattr(request, name, value)
    with memo.one_generation():
        return FRAGMENT.render(Context({"request": request, "n": n}))


def test_a_fragment_is_drawn_once_per_generation_and_language(site):
    assert render(site, 1) == "1"
    assert render(site, 2) == "1"
    with translation.override("fr"):
        assert render(site, 3) == "3"
    # Any save starts a new generation.
    Page.objects.get(depth=2).specific.save_revision().publish()
    assert render(site, 4) == "4"


@pytest.mark.parametrize(
    "attrs",
    [{"is_preview": True}, {"_wagtail_site": None}, {memo.INCOMPLETE: True}],
    ids=["preview", "site not known", "something left out"],
)
def test_a_fragment_is_drawn_afresh_and_not_kept(site, attrs):
    assert render(site, 1, **attrs) == "1"
    assert render(site, 2, **attrs) == "2"
    assert render(site, 3) == "3"


# Pages that rich text links to are kept per generation too (core/rich_text_handlers.py).
def linking_page_and_target():
    page = InformationPage.objects.live().filter(body__icontains="linktype").first()
    assert page is not None, "the seeded site has an information page linking to a page"
    target_id = re.search(r'<a linktype="page" id="(\d+)">', str(page.body.raw_data)).group(1)
    return page, Page.objects.get(pk=target_id).specific


def test_a_rich_text_link_follows_a_renamed_page_at_once(client, seeded):
    page, target = linking_page_and_target()
    old = target.url
    assert f'href="{old}"' in client.get(page.url).content.decode()
    target.slug = f"{target.slug}-renamed"
    target.save_revision().publish()
    new = Page.objects.get(pk=target.pk).url
    assert new != old
    html = client.get(page.url).content.decode()
    assert f'href="{new}"' in html
    assert f'href="{old}"' not in html


def test_a_rich_text_link_to_a_deleted_page_links_nowhere_at_once(client, seeded):
    page, target = linking_page_and_target()
    assert f'href="{target.url}"' in client.get(page.url).content.decode()
    url = target.url
    target.delete()
    html = client.get(page.url).content.decode()
    assert f'href="{url}"' not in html


# Keyed fragments: drawn once per key, never shown for another key.
KEYED = Template('{% load core_tags %}{% shared_fragment "keyed" k %}{{ n }}{% endshared_fragment %}')


def render_keyed(site, k, n):
    request = RequestFactory().get("/")
    request._wagtail_site = site
    with memo.one_generation():
        return KEYED.render(Context({"request": request, "k": k, "n": n}))


def test_a_keyed_fragment_is_kept_per_key(site):
    assert render_keyed(site, 1, "one") == "one"
    assert render_keyed(site, 2, "two") == "two"
    assert render_keyed(site, 1, "again") == "one"
    assert render_keyed(site, [1, 2], "list") == "list"
    assert render_keyed(site, [1, 2], "list again") == "list"
    assert render_keyed(site, (), "no themes") == "no themes"


@pytest.mark.parametrize("missing", [None, "", {"a": "dict"}], ids=["None", "empty", "unhashable"])
def test_a_fragment_without_a_usable_key_is_drawn_each_time(site, missing):
    assert render_keyed(site, missing, "first") == "first"
    assert render_keyed(site, missing, "second") == "second"


def test_a_network_card_follows_an_edit_at_once(client, seeded):
    network = NetworkPage.objects.live().first()
    other = NetworkPage.objects.live().exclude(pk=network.pk).first()
    client.get("/international/")
    client.get(other.url)
    network.summary = "A summary the editor has just published."
    network.save_revision().publish()
    assert "A summary the editor has just published." in client.get("/international/").content.decode()
    assert "A summary the editor has just published." in client.get("/").content.decode()


def card_themes(html, title):
    """The themes listed on the card titled ``title``."""
    card = html[html.index(f">{title}</a></h3>") :]
    card = card[: card.index("</li>")]
    return re.findall(r'<span class="tag"[^>]*>([^<]*)</span>', card)


def test_a_related_card_lists_only_the_shared_themes_after_the_landing_cards(client, site_pages):
    main, arty, bussy, arts, buses = themed_networks(site_pages[1])
    assert card_themes(client.get("/international/").content.decode(), "Main") == ["Arts", "Buses"]
    assert card_themes(client.get(arty.url).content.decode(), "Main") == ["Arts"]
    assert card_themes(client.get(bussy.url).content.decode(), "Main") == ["Buses"]
    assert card_themes(client.get("/international/").content.decode(), "Main") == ["Arts", "Buses"]


def section(html, start, end):
    begin = html.index(start)
    return html[begin : html.index(end, begin)]


def test_each_page_has_its_own_language_switcher_and_breadcrumbs(client, seeded_translated):
    first = NetworkPage.objects.live().filter(locale__language_code="en-gb").first()
    second = NetworkPage.objects.live().filter(locale__language_code="en-gb").exclude(pk=first.pk).first()
    for page in (first, second, first):
        html = client.get(page.url).content.decode()
        switcher = section(html, '<nav class="language-switcher"', "</nav>")
        assert f'href="/fr{page.url}"' in switcher, page.title
        assert 'aria-current="page">English' in switcher
        crumbs = section(html, '<nav class="breadcrumbs"', "</nav>")
        assert f'<li aria-current="page">{page.title}</li>' in crumbs
    french = client.get(f"/fr{first.url}").content.decode()
    assert 'aria-current="page">Français' in section(french, '<nav class="language-switcher"', "</nav>")


def test_search_draws_its_language_switcher_for_each_search(client, seeded_translated):
    for words in ("culture", "climate"):
        html = client.get("/search/", {"q": words}).content.decode()
        switcher = section(html, '<nav class="language-switcher"', "</nav>")
        assert f"/fr/search/?q={words}" in switcher


def test_the_header_search_is_in_each_pages_language(client, seeded_translated):
    english = section(client.get("/international/").content.decode(), '<form class="site-search"', "</form>")
    french = section(client.get("/fr/international/").content.decode(), '<form class="site-search"', "</form>")
    assert 'action="/search/"' in english and 'action="/fr/search/"' in french
    assert french != english
