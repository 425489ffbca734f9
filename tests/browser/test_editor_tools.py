"""The editors' tools in a real browser (issue 13, item 4): a site alert from editor to approver to
visitor, choosing a contact for a page, and the broken-link panel. Each saves the screenshots the
editor's guide (docs/editors.md) shows."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from alerts.models import Alert
from contacts.models import Contact
from linkcheck.models import LinkCheck
from networks.models import NetworkPage
from tests.browser.screenshots import save_for_guide
from tests.browser.sessions import log_in
from tests.editorial import make_approver, make_editor
from tests.otp_helpers import give_authenticator


@pytest.fixture
def team(seeded_live_server):
    editor, approver = make_editor(), make_approver()
    approver.device = give_authenticator(approver)
    return editor, approver


def admin_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_editor_writes_an_alert_approver_publishes_visitor_sees_it(browser, seeded_live_server, team):
    server = seeded_live_server
    editor, approver = team

    page = log_in(browser, server, editor)
    page.get_by_role("link", name="Site alerts").click()
    page.get_by_role("link", name="Add site alert").first.click()
    page.locator("#id_message").fill("The Civic Hall is closed on Friday 4 December.")
    page.locator("#id_level").select_option("warning")
    page.locator("#id_link_url").fill("https://www.leeds.gov.uk/")
    page.locator("#id_link_text").fill("Read about the closure")
    page.locator("#id_starts_at").fill(admin_time(timezone.now() - datetime.timedelta(minutes=5)))
    page.locator("#id_ends_at").fill(admin_time(timezone.now() + datetime.timedelta(days=2)))
    page.keyboard.press("Escape")  # close the date picker
    page.get_by_role("button", name="More actions").click()
    save_for_guide(page, "site-alert-form")
    page.get_by_role("button", name="Submit to Communications approval").click()
    page.wait_for_load_state()
    alert = Alert.objects.get()
    assert alert.workflow_in_progress and not alert.live
    page.context.close()

    page = log_in(browser, server, approver)
    page.goto(f"{server.url}/admin/snippets/alerts/alert/edit/{alert.pk}/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish").click()
    page.wait_for_load_state()
    assert Alert.objects.get().live
    page.context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 700})
    try:
        visitor = context.new_page()
        visitor.goto(f"{server.url}/")
        region = visitor.get_by_role("region", name="Site alert")
        assert "The Civic Hall is closed on Friday 4 December." in region.inner_text()
        assert region.get_by_role("link", name="Read about the closure").get_attribute("href") == (
            "https://www.leeds.gov.uk/"
        )
        save_for_guide(visitor, "site-alert-on-the-site")
    finally:
        context.close()


def test_editor_picks_a_contact_for_a_network_page(browser, seeded_live_server, team):
    server = seeded_live_server
    editor, _ = team
    contact = Contact.objects.create(team_name="Eurocities project team", contact_email="eurocities@leeds.gov.uk")
    contact.save_revision().publish()
    french = contact.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.team_name = "Équipe du projet Eurocities"
    french.save()
    french.save_revision().publish()
    network = NetworkPage.objects.get(slug="eurocities", locale=Locale.get_default())

    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/pages/{network.pk}/edit/")
    page.get_by_role("button", name="Choose contact").click()
    # The list opens on the page's language; the editor can still ask for all of them.
    modal = page.get_by_role("dialog")
    modal.get_by_role("link", name="Eurocities project team").wait_for()
    assert modal.get_by_role("link", name="Équipe du projet Eurocities").count() == 0
    modal.get_by_label("Locale").select_option("")
    modal.get_by_role("link", name="Équipe du projet Eurocities").wait_for()
    modal.get_by_label("Locale").select_option(Locale.get_default().language_code)
    modal.get_by_role("link", name="Équipe du projet Eurocities").wait_for(state="detached")
    page.get_by_role("link", name="Eurocities project team").click()
    chosen = page.locator("[data-field-input]").filter(has_text="Eurocities project team")
    chosen.first.wait_for()
    chosen.first.scroll_into_view_if_needed()
    save_for_guide(page, "choose-a-contact")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Communications approval").click()
    page.wait_for_load_state()
    page.context.close()

    draft = NetworkPage.objects.get(pk=network.pk).get_latest_revision_as_object()
    assert draft.contact_id == contact.pk


def test_dashboard_panel_shows_a_broken_link_with_the_page_to_fix(browser, seeded_live_server, team):
    server = seeded_live_server
    editor, _ = team
    network = NetworkPage.objects.get(slug="eurocities")
    # As `check_links` leaves it; the browser test contacts no other site.
    broken = LinkCheck.objects.create(
        url="https://example.org/old-report.pdf", ok=False, status=404, checked_at=timezone.now()
    )
    broken.pages.set([network])

    page = log_in(browser, server, editor)
    panel = page.locator("#broken-links-content, #broken-links").first
    panel.wait_for()
    assert "https://example.org/old-report.pdf" in panel.inner_text()
    assert "The site answered 404" in panel.inner_text()
    save_for_guide(page, "broken-links-panel", locator=page.locator("section, .w-panel").filter(has=panel).last)
    page.get_by_role("link", name="Edit “Eurocities”").click()
    page.wait_for_url(f"{server.url}/admin/pages/{network.pk}/edit/")
    page.context.close()
