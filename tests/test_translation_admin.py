"""Translating in the admin with wagtail-localize, through the team's roles and approval workflow (issue 11).

wagtail-localize 1.14.5 declares Wagtail 8.0 support provisionally; these
tests drive its views in our admin as an editor and an approver would.
"""

from importlib.metadata import metadata

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation

from networks.models import InternationalStrategyPage, NetworkPage
from tests.editorial import make_approver, make_editor, signed_in_client, workflow_action_url
from tests.factories import NetworkPageFactory


def test_wagtail_localize_is_pinned_and_declares_our_versions():
    meta = metadata("wagtail-localize")
    assert meta["Version"] == "1.14.5"
    classifiers = meta.get_all("Classifier")
    assert "Framework :: Wagtail :: 8" in classifiers
    assert "Framework :: Django :: 6.1" in classifiers


@pytest.fixture
def new_network(seeded_translated):
    """An English network page no one has translated yet."""
    landing = InternationalStrategyPage.objects.get(locale__language_code="en-gb")
    page = NetworkPageFactory(
        parent=landing, title="Test Network", slug="test-network", summary="A network for the test."
    )
    page.save_revision().publish()
    return page


def translate_as(client, page, language_code):
    """Start a synced translation from the "Translate this page" form."""
    locale = Locale.objects.get(language_code=language_code)
    url = f"/admin/localize/submit/page/{page.id}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [locale.id]})
    assert response.status_code == 302
    return NetworkPage.objects.get(translation_key=page.translation_key, locale=locale)


def edit_po(client, translation, replacements):
    """Download the translation's PO file, fill in ``replacements`` {English: translation}, upload it."""
    url = f"/admin/localize/translate/{translation.id}/pofile/download/"
    response = client.get(url)
    assert response.status_code == 200
    po = polib.pofile(response.content.decode())
    for entry in po:
        if entry.msgid in replacements:
            entry.msgstr = replacements[entry.msgid]
    upload = SimpleUploadedFile("translation.po", str(po).encode(), content_type="text/x-gettext-translation")
    response = client.post(
        f"/admin/localize/translate/{translation.id}/pofile/upload/", {"file": upload, "next": "/admin/"}
    )
    assert response.status_code == 302
    return po


def test_editor_translates_exports_imports_submits_and_an_approver_publishes(client, new_network):
    editor = signed_in_client(make_editor())
    french = translate_as(editor, new_network, "fr")
    assert not french.live
    # The page's edit view is wagtail-localize's translation editor.
    editor_page = editor.get(f"/admin/pages/{french.id}/edit/")
    assert editor_page.status_code == 200
    assert b"wagtail-localize" in editor_page.content or b"wagtail_localize" in editor_page.content
    translation = Translation.objects.get(target_locale__language_code="fr", source__object_id=french.translation_key)
    po = edit_po(editor, translation, {"A network for the test.": "Un réseau pour le test."})
    assert any(entry.msgid == "A network for the test." for entry in po)
    assert StringTranslation.objects.filter(data="Un réseau pour le test.", locale__language_code="fr").exists()
    # The translator previews it as French visitors will read it, interface text included.
    preview = editor.get(f"/admin/localize/translate/{translation.id}/preview/").content.decode()
    assert '<html lang="fr" dir="ltr">' in preview
    assert "Un réseau pour le test." in preview
    assert '<nav class="breadcrumbs" aria-label="Fil d’Ariane">' in preview
    # Editors cannot publish, not even from the translation editor (Wagtail sends them back to the dashboard).
    refused = editor.post(f"/admin/pages/{french.id}/edit/", {"action": "publish"})
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    assert not NetworkPage.objects.get(pk=french.pk).live
    # They submit it for approval instead, from the page's menu.
    submit = f"/admin/translations/{french.id}/submit/"
    assert (
        submit
        in editor.get(f"/admin/pages/{new_network.get_parent().get_translation(french.locale).id}/").content.decode()
    )
    assert editor.get(submit).status_code == 200
    assert editor.post(submit).status_code == 302
    french = NetworkPage.objects.get(pk=french.pk)
    assert french.workflow_in_progress and not french.live
    assert client.get("/fr/international/test-network/").status_code == 404

    approver = signed_in_client(make_approver())
    response = approver.post(workflow_action_url(french, "approve"), {"comment": ""})
    assert response.status_code in (200, 302)
    live = client.get("/fr/international/test-network/")
    assert live.status_code == 200
    assert "Un réseau pour le test." in live.content.decode()


def test_translators_need_the_submit_translation_permission(client, new_network):
    editor = make_editor()
    assert editor.has_perm("wagtail_localize.submit_translation")
    assert make_approver().has_perm("wagtail_localize.submit_translation")


def test_out_of_date_translation_is_shown_and_synced(client, new_network):
    approver = signed_in_client(make_approver())
    french = translate_as(approver, new_network, "fr")
    translation = Translation.objects.get(target_locale__language_code="fr", source__object_id=french.translation_key)
    approver.post(f"/admin/pages/{french.id}/edit/", {"action": "publish"})
    # The English page changes.
    new_network.summary = "A changed English summary."
    new_network.save_revision().publish()
    # "Sync translated pages" brings the new string into the translation.
    source = translation.source
    url = f"/admin/localize/update/{source.id}/"
    assert approver.get(url).status_code == 200
    assert approver.post(url, {"publish_translations": ""}).status_code == 302
    po = polib.pofile(approver.get(f"/admin/localize/translate/{translation.id}/pofile/download/").content.decode())
    untranslated = [entry.msgid for entry in po if not entry.msgstr]
    assert "A changed English summary." in untranslated


def test_translated_landing_pages_are_in_the_teams_hands(seeded_translated):
    # Page permissions and the approval workflow follow each translated landing page.
    for landing in InternationalStrategyPage.objects.all():
        page = Page.objects.get(pk=landing.pk)
        assert page.get_workflow() is not None, landing.locale.language_code
        assert page.permissions_for_user(make_editor(f"e-{landing.pk}")).can_edit()
        assert not page.permissions_for_user(make_editor(f"f-{landing.pk}")).can_publish()
