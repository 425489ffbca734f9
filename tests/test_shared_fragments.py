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
