"""The communications team in a real browser: editor → approver → public page.

Logins go through the admin's normal login form, as people do. The public
page is checked in a separate, anonymous browser context each time.
"""

import re

import pytest
from django.core import mail

from networks.models import NetworkPage
from tests.browser.screenshots import save_for_guide
from tests.browser.sessions import log_in
from tests.editorial import make_approver, make_editor
from tests.otp_helpers import give_authenticator

NEW_SUMMARY = "Eurocities is the largest network of European cities; Leeds chairs its children and young people group."


@pytest.fixture
def team(seeded_live_server):
    editor, approver = make_editor(), make_approver()
    # Approvers sign in with an authenticator app where two-factor sign-in is on.
    approver.device = give_authenticator(approver)
    return editor, approver


def public_summary(browser, server):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"{server.url}/international/eurocities/")
        return page.locator(".lead").inner_text()
    finally:
        context.close()


def test_editor_submits_approver_approves_public_sees_it(browser, seeded_live_server, team):
    server = seeded_live_server
    editor, approver = team
    network = NetworkPage.objects.get(slug="eurocities")
    old_summary = network.summary
    edit_path = f"/admin/pages/{network.pk}/edit/"

    # The editor changes the summary, watching the character count, and submits it.
    page = log_in(browser, server, editor)
    page.goto(server.url + edit_path)
    summary = page.get_by_role("textbox", name="Summary")
    count = page.locator("#id_summary-count")
    summary.fill("x" * 260)
    assert count.inner_text() == "You have 10 characters too many (260 of 250)."
    summary.fill(NEW_SUMMARY)
    assert count.inner_text() == f"You have {250 - len(NEW_SUMMARY)} characters remaining ({len(NEW_SUMMARY)} of 250)."
    assert page.get_by_role("button", name="Publish").count() == 0
    page.get_by_role("button", name="More actions").click()
    save_for_guide(page, "edit-and-submit-a-page")
    page.get_by_role("button", name="Submit to Communications approval").click()
    page.wait_for_load_state()
    assert "has been submitted for moderation" in page.locator(".messages").inner_text()
    page.context.close()

    # Approvers are emailed; visitors still see the published summary.
    assert any(approver.email in message.to for message in mail.outbox)
    assert public_summary(browser, server) == old_summary

    # The approver opens it from the dashboard and approves.
    page = log_in(browser, server, approver)
    awaiting = page.locator("#awaiting-review-section")
    awaiting.get_by_role("link", name="Eurocities").click()
    page.wait_for_url(re.compile(edit_path))
    assert page.get_by_role("textbox", name="Summary").input_value() == NEW_SUMMARY
    save_for_guide(page, "approve-a-page")
    # "Approve and publish" is the approver's main button while the page awaits them (editorial/feedback.py).
    page.get_by_role("button", name="Approve and publish", exact=True).click()
    page.wait_for_load_state()
    assert "'Eurocities' approved and published." in page.locator(".messages").inner_text()
    page.context.close()

    assert public_summary(browser, server) == NEW_SUMMARY
    assert NetworkPage.objects.get(pk=network.pk).next_review_date is not None


@pytest.mark.parametrize("size,width", [("mobile", 375), ("desktop", 1280)])
def test_preview_at_phone_and_desktop_sizes(browser, seeded_live_server, team, size, width):
    server = seeded_live_server
    editor, _ = team
    network = NetworkPage.objects.get(slug="eurocities")
    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/pages/{network.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    page.get_by_label(f"Preview in {size} size").check()
    frame = page.frame_locator("#w-preview-iframe")
    assert frame.get_by_role("heading", level=1).inner_text() == "Eurocities"
    # The iframe takes the chosen device's width (fails by timing out if it never does).
    page.wait_for_function("w => document.querySelector('#w-preview-iframe').contentWindow.innerWidth === w", arg=width)
    iframe = page.locator("#w-preview-iframe")
    # Nothing sticks out sideways at this width.
    assert iframe.evaluate("el => el.contentDocument.documentElement.scrollWidth <= el.contentWindow.innerWidth"), (
        f"horizontal scrolling in the {size} preview"
    )
    page.context.close()
