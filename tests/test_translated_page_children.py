"""Key facts and local partners are translated with their page (issue 11).

They are rows of their own (``NetworkKeyFact``, ``NetworkLocalPartner``), made
translatable so that each translated page has its own copies, in its language,
linked to the English ones by a shared ``translation_key``: their text is in
wagtail-localize's translation editor and PO file, and a partner's website is
kept in step with the English page.
"""

import uuid
from importlib import import_module

import polib
import pytest
from django.apps import apps
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset
from wagtail_localize.models import Translation, TranslationSource

from networks.models import NetworkKeyFact, NetworkLocalPartner, NetworkPage
from tests.editorial import edit_url, make_approver, make_editor, network_form, signed_in_client, workflow_action_url
from tests.factories import NetworkPageFactory
from tests.test_api import get_json
from tests.test_translation_admin import edit_po, translate_as

FRENCH_FACTS = '<div class="key-facts__item"><dt>Villes membres</dt><dd>190</dd></div>'


def pages(slug):
    """{language code: the page} for the network ``slug`` in every language."""
    return {page.locale.language_code: page for page in NetworkPage.objects.filter(slug=slug).select_related("locale")}


def facts(page):
    return [(fact.label, fact.value) for fact in NetworkKeyFact.objects.filter(page=page).order_by("sort_order", "pk")]


def translation_of(page, language_code):
    return Translation.objects.get(source__object_id=page.translation_key, target_locale__language_code=language_code)


def po_file(client, translation):
    response = client.get(f"/admin/localize/translate/{translation.id}/pofile/download/")
    assert response.status_code == 200
    return polib.pofile(response.content.decode())


def test_seeded_translations_show_translated_key_fact_labels(client, seeded_translated):
    english = client.get("/international/eurocities/").content.decode()
    assert '<div class="key-facts__item"><dt>Member cities</dt><dd>190</dd></div>' in english
    assert "Villes membres" not in english
    expected = {
        "/fr/international/eurocities/": ("Villes membres", "Pays"),
        "/de/international/eurocities/": ("Mitgliedsstädte", "Länder"),
        "/zh-hans/international/eurocities/": ("成员城市", "国家"),
    }
    for url, (members, countries) in expected.items():
        html = client.get(url).content.decode()
        assert f"<dt>{members}</dt><dd>190</dd>" in html, url
        assert f"<dt>{countries}</dt><dd>39</dd>" in html, url
        assert "Member cities" not in html, url
        # Organisations keep their official names.
        assert "<li>University of Leeds</li>" in html and "<li>Leeds Beckett University</li>" in html, url


def test_each_translated_page_has_its_own_rows_linked_to_the_english_ones(seeded_translated):
    by_language = pages("eurocities")
    english_keys = [fact.translation_key for fact in by_language["en-gb"].key_facts.all()]
    assert len(english_keys) == 2
    for code in ("fr", "de", "zh-hans"):
        page = by_language[code]
        rows = list(NetworkKeyFact.objects.filter(page=page))
        assert {row.locale_id for row in rows} == {page.locale_id}
        assert sorted(str(row.translation_key) for row in rows) == sorted(str(key) for key in english_keys)
        partners = NetworkLocalPartner.objects.filter(page=page)
        assert {row.locale_id for row in partners} == {page.locale_id}
    assert NetworkKeyFact.objects.get(page=by_language["en-gb"], label="Member cities").locale.language_code == "en-gb"


def test_key_facts_and_partner_names_are_in_the_po_file_and_websites_are_not(client, seeded_translated):
    approver = signed_in_client(make_approver())
    french = pages("eurocities")["fr"]
    po = po_file(approver, translation_of(french, "fr"))
    entries = {(entry.msgctxt.split(".")[0], entry.msgid): entry.msgstr for entry in po}
    assert entries[("key_facts", "Member cities")] == "Villes membres"
    assert entries[("key_facts", "190")] == "190"
    assert entries[("local_partners", "University of Leeds")] == "University of Leeds"
    assert not any(context == "local_partners" and "://" in text for context, text in entries)


def test_an_editor_changes_a_key_fact_in_the_translation_and_visitors_see_it_once_approved(client, seeded_translated):
    by_language = pages("eurocities")
    french = by_language["fr"]
    approver = signed_in_client(make_approver())
    editor = signed_in_client(make_editor())
    # The translation editor lists the key facts with the page's other strings.
    assert "Member cities" in editor.get(edit_url(french)).content.decode()
    edit_po(editor, translation_of(french, "fr"), {"Member cities": "Villes adhérentes"})
    assert FRENCH_FACTS in client.get("/fr/international/eurocities/").content.decode()
    assert editor.post(f"/admin/translations/{french.id}/submit/").status_code == 302
    french = NetworkPage.objects.get(pk=french.pk)
    assert approver.post(workflow_action_url(french, "approve"), {"comment": ""}).status_code in (200, 302)

    html = client.get("/fr/international/eurocities/").content.decode()
    assert "<dt>Villes adhérentes</dt><dd>190</dd>" in html
    assert "<dt>Pays</dt><dd>39</dd>" in html
    # The English page and the other languages are as they were.
    assert facts(by_language["en-gb"]) == [("Member cities", "190"), ("Countries", "39")]
    assert "<dt>Member cities</dt>" in client.get("/international/eurocities/").content.decode()
    assert "<dt>Mitgliedsstädte</dt>" in client.get("/de/international/eurocities/").content.decode()


@pytest.fixture
def translated_network(seeded_translated, django_capture_on_commit_callbacks):
    """An English network with a key fact and a partner, translated into French and published."""
    landing = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb").get_parent()
    page = NetworkPageFactory(parent=landing, title="Test Network", slug="test-network", summary="A test network.")
    page.key_facts.add(NetworkKeyFact(label="Member cities", value="30", sort_order=0))
    page.local_partners.add(NetworkLocalPartner(name="Leeds Trinity University", url="https://www.leedstrinity.ac.uk"))
    page.save_revision().publish()
    approver = signed_in_client(make_approver())
    french = translate_as(approver, page, "fr")
    edit_po(
        approver,
        translation_of(page, "fr"),
        {"Member cities": "Villes membres", "30": "30", "A test network.": "Un réseau."},
    )
    # wagtail-localize publishes when the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        approver.post(edit_url(french), {"action": "publish"})
    assert "<dt>Villes membres</dt><dd>30</dd>" in approver.get("/fr/international/test-network/").content.decode()
    return NetworkPage.objects.get(pk=page.pk), approver, django_capture_on_commit_callbacks


def english_edit(approver, page, key_facts, **overrides):
    """Publish the English page from its edit form (InlinePanel rows as ``key_facts``), as an editor would."""
    existing = list(page.local_partners.all())
    partners = [{"id": p.pk, "name": p.name, "url": p.url, "ORDER": n} for n, p in enumerate(existing)]
    data = network_form(
        page,
        key_facts=inline_formset(key_facts, initial=page.key_facts.count()),
        local_partners=inline_formset(partners, initial=len(existing)),
        **overrides,
    )
    data["action-publish"] = "action-publish"
    response = approver.post(edit_url(page), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NetworkPage.objects.get(pk=page.pk)


def sync(translated_network, page):
    """ "Sync translated pages" on the English page, publishing the translations."""
    _, approver, on_commit = translated_network
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    with on_commit(execute=True):
        response = approver.post(f"/admin/localize/update/{source.id}/", {"publish_translations": "on"})
    assert response.status_code == 302


def test_a_key_fact_added_in_english_comes_to_the_translation_at_the_next_sync(client, translated_network):
    page, approver, _ = translated_network
    old = page.key_facts.get()
    page = english_edit(
        approver,
        page,
        [
            {"id": old.pk, "label": "Member cities", "value": "30", "ORDER": 0},
            {"label": "Working groups", "value": "12", "ORDER": 1},
        ],
    )
    assert facts(page) == [("Member cities", "30"), ("Working groups", "12")]
    french_url = "/fr/international/test-network/"
    # Until someone syncs, the French page is as it was: a translation out of date.
    assert "Working groups" not in client.get(french_url).content.decode()
    sync(translated_network, page)
    french = page.get_translation(Locale.objects.get(language_code="fr"))
    po = po_file(approver, translation_of(page, "fr"))
    untranslated = [entry.msgid for entry in po if not entry.msgstr and entry.msgctxt.startswith("key_facts.")]
    assert untranslated == ["Working groups", "12"]
    html = client.get(french_url).content.decode()
    # Translated sentences stay translated; the new fact is in English until it is translated.
    assert "<dt>Villes membres</dt><dd>30</dd>" in html
    assert "<dt>Working groups</dt><dd>12</dd>" in html
    assert facts(french) == [("Villes membres", "30"), ("Working groups", "12")]
    # Its English and French rows are linked, each in its own language.
    new = NetworkKeyFact.objects.filter(translation_key=page.key_facts.get(label="Working groups").translation_key)
    assert sorted(row.locale.language_code for row in new) == ["en-gb", "fr"]


def test_a_key_fact_removed_in_english_leaves_the_translation_at_the_next_sync(client, translated_network):
    page, approver, _ = translated_network
    old = page.key_facts.get()
    page = english_edit(
        approver, page, [{"id": old.pk, "label": "Member cities", "value": "30", "ORDER": 0, "DELETE": "1"}]
    )
    assert facts(page) == []
    sync(translated_network, page)
    assert facts(page.get_translation(Locale.objects.get(language_code="fr"))) == []
    assert "Villes membres" not in client.get("/fr/international/test-network/").content.decode()


def test_a_partners_website_follows_the_english_page(client, translated_network):
    page, approver, _ = translated_network
    french = page.get_translation(Locale.objects.get(language_code="fr"))
    assert french.local_partners.get().url == "https://www.leedstrinity.ac.uk"
    partner = page.local_partners.get()
    partner.url = "https://www.leedstrinity.ac.uk/about/"
    partner.save()
    page.save_revision().publish()
    sync(translated_network, page)
    assert NetworkLocalPartner.objects.get(page=french).url == "https://www.leedstrinity.ac.uk/about/"
    assert (
        'href="https://www.leedstrinity.ac.uk/about/"' in client.get("/fr/international/test-network/").content.decode()
    )


def test_the_migration_links_rows_made_before_to_their_page_and_english_rows(seeded_translated):
    """networks/migrations/0008 on rows as they were: copies in English, each with a key of its own."""
    migration = import_module("networks.migrations.0008_key_facts_and_partners_translatable")
    by_language = pages("eurocities")
    english = by_language["en-gb"]
    source = TranslationSource.objects.get(object_id=english.translation_key, locale=english.locale)
    revision = by_language["fr"].get_latest_revision()
    # Before: every copy in the English locale with a key of its own, none in the stored JSON.
    for row in [*NetworkKeyFact.objects.all(), *NetworkLocalPartner.objects.all()]:
        type(row).objects.filter(pk=row.pk).update(locale=english.locale, translation_key=uuid.uuid4())
    source.content_json = source.content_json.replace('"translation_key"', '"old_key"')
    source.save(update_fields=["content_json"])
    for item in revision.content["key_facts"]:
        del item["translation_key"], item["locale"]
    revision.save(update_fields=["content"])

    migration.fill_locale_and_translation_key(apps, None)

    english_facts = list(english.key_facts.order_by("pk"))
    for code in ("fr", "de", "zh-hans"):
        page = by_language[code]
        copies = list(NetworkKeyFact.objects.filter(page=page).order_by("pk"))
        assert [c.translation_key for c in copies] == [f.translation_key for f in english_facts], code
        assert {c.locale_id for c in copies} == {page.locale_id}, code
        partners = NetworkLocalPartner.objects.filter(page=page).order_by("pk")
        assert [p.translation_key for p in partners] == [
            p.translation_key for p in english.local_partners.order_by("pk")
        ]
    assert {f.locale_id for f in english_facts} == {english.locale_id}
    revision.refresh_from_db()
    french_facts = NetworkKeyFact.objects.filter(page=by_language["fr"]).order_by("pk")
    assert [item["translation_key"] for item in revision.content["key_facts"]] == [
        str(f.translation_key) for f in french_facts
    ]
    # wagtail-localize's copy of the English page gives the rows their real keys back.
    source.refresh_from_db()
    assert [f.translation_key for f in source.as_instance().key_facts.all()] == [
        f.translation_key for f in english_facts
    ]


def test_the_api_gives_each_language_its_key_facts_in_the_same_shape(client, seeded_translated):
    by_language = pages("eurocities")
    english = get_json(client, f"/api/v2/pages/{by_language['en-gb'].id}/")
    french = get_json(client, f"/api/v2/pages/{by_language['fr'].id}/")
    for data in (english, french):
        # What it always gave: no locale or translation key of the rows.
        assert [sorted(fact) for fact in data["key_facts"]] == [["id", "label", "meta", "value"]] * 2
        assert [sorted(partner) for partner in data["local_partners"]] == [["id", "meta", "name", "url"]] * 2
        assert data["key_facts"][0]["meta"] == {"type": "networks.NetworkKeyFact"}
    assert [(f["label"], f["value"]) for f in english["key_facts"]] == [("Member cities", "190"), ("Countries", "39")]
    assert [(f["label"], f["value"]) for f in french["key_facts"]] == [("Villes membres", "190"), ("Pays", "39")]
    assert [p["name"] for p in french["local_partners"]] == ["University of Leeds", "Leeds Beckett University"]
