"""Issue 11 in a real browser: an editor translates a page with wagtail-localize, exports its PO
file, re-imports it with the French filled in, submits it; an approver approves; a visitor reads it at /fr/.

The PO file is downloaded and uploaded with the editor's own browser session (Playwright's
``page.request`` shares the context's cookies), as an editor who sends the file to an agency
and brings it back would; the rest is clicks in the admin.
"""

import polib
import pytest
from django.conf import settings
from wagtail.models import Page
from wagtail_localize.models import Translation

from standardpages.models import InformationPage
from tests.browser.sessions import log_in
from tests.editorial import make_approver, make_editor
from tests.otp_helpers import give_authenticator

FRENCH_TITLE = "Témoins de connexion"


@pytest.fixture
def team(seeded_translated_live_server):
    editor, approver = make_editor(), make_approver()
    approver.device = give_authenticator(approver)
    return editor, approver


def csrf_token(page):
    return next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")


def round_trip_po(page, server, translation, english_title):
    """Download the PO file, translate the title, upload it: as the agency's file would come back."""
    base = f"{server.url}/admin/localize/translate/{translation.id}/pofile"
    download = page.request.get(f"{base}/download/")
    assert download.ok, download.status
    po = polib.pofile(download.text())
    title = next(entry for entry in po if entry.msgid == english_title)
    title.msgstr = FRENCH_TITLE
    upload = page.request.post(
        f"{base}/upload/",
        multipart={
            "file": {"name": "cookies-fr.po", "mimeType": "text/x-gettext-translation", "buffer": str(po).encode()},
            "next": "/admin/",
        },
        headers={"X-CSRFToken": csrf_token(page), "Referer": f"{server.url}/admin/"},
        max_redirects=0,
    )
    assert upload.status == 302, upload.text()[:2000]


def test_editor_translates_round_trips_the_po_file_and_an_approver_publishes(
    browser, seeded_translated_live_server, team
):
    server = seeded_translated_live_server
    editor, approver = team
    english = InformationPage.objects.get(slug="cookies", locale__language_code=settings.LANGUAGE_CODE)

    # The editor asks for a French version from wagtail-localize's own form.
    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/localize/submit/page/{english.id}/")
    page.get_by_label("Français").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/admin/pages/*/edit/")
    french = InformationPage.objects.get(translation_key=english.translation_key, locale__language_code="fr")
    assert not french.live
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=french.locale)

    round_trip_po(page, server, translation, english.title)

    # Submitting from the admin saves the imported strings into the page and starts the workflow.
    page.goto(f"{server.url}/admin/translations/{french.id}/submit/")
    page.get_by_role("button", name="Submit for approval").click()
    page.wait_for_url(f"**/admin/pages/{french.id}/edit/")
    french = Page.objects.get(pk=french.pk).specific
    assert french.workflow_in_progress and not french.live
    assert visitor_status(browser, server, "/fr/cookies/") == 404
    page.context.close()

    # The approver approves it from the dashboard (a synced translation's edit view is
    # wagtail-localize's editor, which has no workflow buttons).
    page = log_in(browser, server, approver)
    row = page.locator("#awaiting-review-section tr", has_text=FRENCH_TITLE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state()
    assert f"'{FRENCH_TITLE}' approved and published." in page.locator(".messages").inner_text()
    page.context.close()

    visitor = browser.new_page()
    response = visitor.goto(f"{server.url}/fr/cookies/")
    assert response.status == 200
    assert visitor.get_by_role("heading", level=1).inner_text() == FRENCH_TITLE
    assert visitor.locator("html").get_attribute("lang") == "fr"
    visitor.context.close()


def visitor_status(browser, server, path):
    visitor = browser.new_page()
    try:
        return visitor.goto(server.url + path).status
    finally:
        visitor.context.close()
