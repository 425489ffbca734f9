"""The footer's words in every language: the Footer snippet, translated with wagtail-localize (issue 11).

The team's name and the footer links were site settings, which wagtail-localize
cannot translate; they are one Footer per language now (home/models.py), shown
in the page's language or else in English (home/footer.py). Contact details stay
site settings (tests/test_site_settings.py).
"""

import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import Locale, PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail_localize.models import StringTranslation, Translation

from home.models import Footer, FooterLink, SiteSettings
from networks.models import InternationalStrategyPage
from tests.cache_checks import assert_from_cache, assert_rendered, warm
from tests.editorial import make_approver, make_editor, signed_in_client
from tests.factories import build_site, translate
from tests.test_edge_headers import RecordingBackend


def footer_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index("<footer") : html.index("</footer>")]


def useful_links(html):
    """The footer's "Useful links" list: its <ul> tag and its links as (attributes, text)."""
    nav = re.search(r'<nav class="site-footer__links"[^>]*>\s*(<ul[^>]*>)(.*?)</ul>', html, re.S)
    if nav is None:
        return None, []
    return nav.group(1), re.findall(r"<a ([^>]*)>([^<]*)</a>", nav.group(2))


def english_footer():
    return Footer.objects.get(locale=Locale.get_default())


def edit_url(footer):
    return reverse("wagtailsnippets_home_footer:edit", args=[footer.pk])


def footer_form(footer, team_name, links):
    return nested_form_data({"team_name": team_name, "links": inline_formset(links, initial=footer.links.count())})


def test_seeded_footer_links_the_landing_page_in_english(client, seeded):
    ul, links = useful_links(footer_html(client, "/"))
    assert ul == "<ul>"
    assert links == [('href="/international/"', "International city networks")]


def test_approver_edits_the_footer_in_the_admin_and_the_next_visitor_sees_it(client, seeded):
    warm(client, "/", "/international/")
    footer = english_footer()
    link = footer.links.get()
    approver = signed_in_client(make_approver())
    assert approver.get(edit_url(footer)).status_code == 200
    response = approver.post(
        edit_url(footer),
        footer_form(
            footer,
            "International relations team",
            [
                {"id": link.pk, "text": "Our city networks", "page": link.page_id, "url": "", "ORDER": "1"},
                {"text": "Eurocities website", "page": "", "url": "https://eurocities.eu/", "ORDER": "2"},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Both pages were cached before the save: the next request renders the changed footer.
    for url in ("/", "/international/"):
        html = assert_rendered(client, url).content.decode()
        footer_part = html[html.index("<footer") :]
        assert '<p class="contact-details__team">International relations team</p>' in footer_part
        assert useful_links(footer_part)[1] == [
            ('href="/international/"', "Our city networks"),
            ('href="https://eurocities.eu/"', "Eurocities website"),
        ]
    assert_from_cache(client, "/")


def test_a_link_needs_a_page_or_an_https_address(seeded):
    footer = english_footer()
    link = footer.links.get()
    approver = signed_in_client(make_approver())
    for bad, message in (
        ({"text": "Old site", "page": "", "url": "http://www.leeds.gov.uk"}, "starting with https://"),
        ({"text": "Nowhere", "page": "", "url": ""}, "Choose a page on this site or enter a web address"),
    ):
        links = [{"id": link.pk, "text": link.text, "page": link.page_id, "url": ""}, bad]
        response = approver.post(edit_url(footer), footer_form(footer, "", links))
        assert response.status_code == 200
        assert message in response.content.decode()
    assert FooterLink.objects.count() == 1


def test_there_is_one_footer_per_language(seeded):
    approver = signed_in_client(make_approver())
    add = reverse("wagtailsnippets_home_footer:add") + f"?locale={Locale.get_default().language_code}"
    assert approver.get(add).status_code == 200
    response = approver.post(add, nested_form_data({"team_name": "Another", "links": inline_formset([])}))
    assert response.status_code == 200
    assert "There is already a footer in this language" in response.content.decode()
    assert Footer.objects.count() == 1


def test_approvers_may_change_the_footer_and_editors_may_not(client, seeded):
    footer = english_footer()
    editor = signed_in_client(make_editor())
    response = editor.post(edit_url(footer), footer_form(footer, "Changed by an editor", []))
    assert response.status_code in (302, 403)
    assert english_footer().team_name == ""
    assert make_approver("second-approver").has_perms(["home.add_footer", "home.change_footer"])
    assert not make_editor("second-editor").has_perm("home.change_footer")


@pytest.fixture
def french_and_german(seeded):
    """The English-only seeded site with its landing page (and so home page) in French and only a German home page."""
    landing = InternationalStrategyPage.objects.get()
    translate(landing, "fr")
    translate(landing.get_parent().specific, "de")
    return landing


def test_untranslated_footer_shows_in_english_marked_as_english_with_links_in_the_visitors_language(
    client, french_and_german
):
    assert not Footer.objects.exclude(locale=Locale.get_default()).exists()
    ul, links = useful_links(footer_html(client, "/fr/"))
    assert ul == '<ul lang="en-GB">'
    # The landing page has a French version: the link goes there.
    assert links == [('href="/fr/international/"', "International city networks")]
    ul, links = useful_links(footer_html(client, "/de/"))
    assert ul == '<ul lang="en-GB">'
    # No German landing page: the English one, said to be in English.
    assert links == [('href="/international/" hreflang="en-GB"', "International city networks")]


def download_po(client, translation):
    response = client.get(f"/admin/localize/translate/{translation.id}/pofile/download/")
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def upload_po(client, translation, po):
    upload = SimpleUploadedFile("footer.po", str(po).encode(), content_type="text/x-gettext-translation")
    return client.post(
        f"/admin/localize/translate/{translation.id}/pofile/upload/", {"file": upload, "next": "/admin/"}
    )


def test_translator_translates_the_footer_with_wagtail_localize_and_french_visitors_read_it(client, french_and_german):
    footer = english_footer()
    footer.team_name = "International relations team"
    footer.save()
    french = Locale.objects.get(language_code="fr")
    approver = signed_in_client(make_approver())
    submit = f"/admin/localize/submit/snippet/home/footer/{footer.pk}/"
    assert approver.get(submit).status_code == 200
    assert approver.post(submit, {"locales": [french.id]}).status_code == 302
    french_footer = Footer.objects.get(locale=french)
    assert french_footer.translation_key == footer.translation_key
    # Nothing translated yet: the French footer's texts are still English, and say so.
    html = footer_html(client, "/fr/")
    ul, links = useful_links(html)
    assert ul == "<ul>"
    assert links == [('href="/fr/international/" lang="en-GB"', "International city networks")]
    assert '<p class="contact-details__team" lang="en-GB">International relations team</p>' in html

    translation = Translation.objects.get(source__object_id=footer.translation_key, target_locale=french)
    po = download_po(approver, translation)
    assert {entry.msgid for entry in po} == {"International relations team", "International city networks"}
    for entry in po:
        entry.msgstr = {
            "International relations team": "Équipe des relations internationales",
            "International city networks": "Réseaux internationaux de villes",
        }[entry.msgid]
    # An editor (a translator of pages) may not change the footer, so not its translation either.
    refused = upload_po(signed_in_client(make_editor()), translation, po)
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert not StringTranslation.objects.filter(data="Réseaux internationaux de villes").exists()
    assert upload_po(approver, translation, po).status_code == 302
    response = approver.post(edit_url(french_footer), {"action": "publish"})
    assert response.status_code == 302

    html = footer_html(client, "/fr/")
    assert useful_links(html) == ("<ul>", [('href="/fr/international/"', "Réseaux internationaux de villes")])
    assert '<p class="contact-details__team">Équipe des relations internationales</p>' in html
    page = client.get("/fr/international/").content.decode()
    assert '<html lang="fr"' in page
    assert "Réseaux internationaux de villes" in page
    # English and German (no German footer) are unchanged.
    assert useful_links(footer_html(client, "/"))[1] == [('href="/international/"', "International city networks")]
    assert useful_links(footer_html(client, "/de/"))[0] == '<ul lang="en-GB">'


def test_seeded_footer_is_translated_in_every_language(client, seeded_translated):
    for prefix, text in (
        ("/fr", "Réseaux internationaux de villes"),
        ("/de", "Internationale Städtenetzwerke"),
        ("/zh-hans", "国际城市网络"),
    ):
        html = footer_html(client, f"{prefix}/international/eurocities/")
        assert useful_links(html) == ("<ul>", [(f'href="{prefix}/international/"', text)]), prefix
        assert "International city networks" not in html


def test_a_new_footer_translation_purges_every_page_from_the_edge_cache(
    french_and_german, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_edge_headers.RecordingBackend"}}
    RecordingBackend.purged = []
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        english_footer().copy_for_translation(french).save()
    assert {"http://localhost/fr/", "http://localhost/fr/international/", "http://localhost/"} <= set(
        RecordingBackend.purged
    )


def test_a_new_translation_notice_purges_every_page_from_the_edge_cache(
    french_and_german, settings, django_capture_on_commit_callbacks
):
    from core.models import TranslationNotice

    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_edge_headers.RecordingBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        english = TranslationNotice.objects.create(
            locale=Locale.get_default(), text="Translated from English.", link_text="Read it in English"
        )
    RecordingBackend.purged = []
    french = Locale.objects.get(language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        english.copy_for_translation(french).save()
    assert {"http://localhost/fr/", "http://localhost/fr/international/"} <= set(RecordingBackend.purged)


def test_contact_block_on_network_pages_takes_the_team_name_in_the_pages_language(client, seeded_translated):
    site_settings = SiteSettings.load()
    site_settings.contact_email = "international@example.gov.uk"
    site_settings.save()
    for code, name in (("en-gb", "International relations team"), ("fr", "Équipe des relations internationales")):
        footer = Footer.objects.get(locale__language_code=code)
        footer.team_name = name
        footer.save()
    french = client.get("/fr/international/eurocities/").content.decode()
    main = french[french.index("<main") : french.index("</main>")]
    assert '<p class="contact-details__team">Équipe des relations internationales</p>' in main
    # German keeps the seeded (empty) team name: no English name is shown there.
    assert "International relations team" not in client.get("/de/international/eurocities/").content.decode()


@pytest.fixture
def migrate_to(transactional_db):
    """Move the home app's schema to a migration; back to the latest afterwards."""
    executor = MigrationExecutor(connection)

    def migrate(name):
        executor.loader.build_graph()
        executor.migrate([("home", name)])
        return executor.loader.project_state([("home", name)]).apps

    yield migrate
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_migration_moves_the_settings_team_name_and_links_into_the_english_footer_and_back(migrate_to):
    _, landing = build_site()
    old = migrate_to("0006_body_image_credit_and_new_blocks")
    settings_row = old.get_model("home", "SiteSettings").objects.create(
        team_name="International relations team", contact_email="international@example.gov.uk"
    )
    OldLink = old.get_model("home", "FooterLink")
    OldLink.objects.create(settings=settings_row, sort_order=0, text="Our networks", page_id=landing.pk)
    OldLink.objects.create(settings=settings_row, sort_order=1, text="Eurocities", url="https://eurocities.eu/")

    new = migrate_to("0010_approvers_edit_the_footer")
    footer = new.get_model("home", "Footer").objects.get()
    assert footer.locale.language_code == Locale.get_default().language_code
    assert footer.team_name == "International relations team"
    links = list(new.get_model("home", "FooterLink").objects.filter(footer=footer).order_by("sort_order"))
    assert [(link.text, link.page_id, link.url) for link in links] == [
        ("Our networks", landing.pk, ""),
        ("Eurocities", None, "https://eurocities.eu/"),
    ]
    assert all(link.locale_id == footer.locale_id for link in links)
    assert len({link.translation_key for link in links}) == 2
    assert new.get_model("home", "SiteSettings").objects.get().contact_email == "international@example.gov.uk"

    back = migrate_to("0006_body_image_credit_and_new_blocks")
    settings_row = back.get_model("home", "SiteSettings").objects.get()
    assert settings_row.team_name == "International relations team"
    links = back.get_model("home", "FooterLink").objects.filter(settings=settings_row).order_by("sort_order")
    assert [(link.text, link.page_id, link.url) for link in links] == [
        ("Our networks", landing.pk, ""),
        ("Eurocities", None, "https://eurocities.eu/"),
    ]


def test_a_link_to_a_page_visitors_cannot_open_is_left_out_until_they_can(client, seeded):
    # An editor links a page in the footer; the page is later unpublished, or
    # made private. Visitors get no link to a 404 or a login form meanwhile.
    landing = InternationalStrategyPage.objects.get(locale=Locale.get_default())
    assert useful_links(footer_html(client, "/"))[1] == [('href="/international/"', "International city networks")]
    landing.unpublish()
    assert useful_links(footer_html(client, "/")) == (None, [])
    landing = InternationalStrategyPage.objects.get(pk=landing.pk)
    landing.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=landing, restriction_type="password", password="secret")
    assert useful_links(footer_html(client, "/")) == (None, [])
    restriction.delete()
    assert useful_links(footer_html(client, "/"))[1] == [('href="/international/"', "International city networks")]
