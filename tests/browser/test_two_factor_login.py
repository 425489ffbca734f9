"""Two-factor sign-in in Chromium against the real Wagtail 8 admin.

An approver signs in with a password, is asked for the one-time enrolment code
a superuser issued, is held at set-up until they add an authenticator app, later signs in with a recovery code, and cannot use that
code twice. An editor, whom no rule requires it of, goes straight in.
"""

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import TOTP

from adminsecurity.enrolment import issue_code
from tests.browser.sessions import new_page, sign_in_with_password
from tests.editorial import make_approver, make_editor

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def people(seeded_live_server):
    return make_approver("a.prover"), make_editor("ed.itor")


def sign_in(page, server, username, path="/admin/"):
    sign_in_with_password(page, server.url, username, path=path)


def assert_accessible(page):
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_approver_must_set_up_and_use_two_factor(browser, seeded_live_server, people):
    server = seeded_live_server
    page = new_page(browser)

    # Password only: asked for the enrolment code first, and shown no QR code or key.
    sign_in(page, server, "a.prover", path="/admin/pages/")
    assert "/admin/two-factor/enrol/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Enter your enrolment code"
    assert page.get_by_test_id("totp-secret").count() == 0
    assert_accessible(page)
    page.get_by_label("Enrolment code").fill("AAAAA-AAAAA-AAAAA-AAAAA")
    page.get_by_role("button", name="Continue").click()
    assert "That enrolment code is not right" in page.locator(".error-message").inner_text()
    page.get_by_label("Enrolment code").fill(issue_code(people[0]))
    page.get_by_role("button", name="Continue").click()

    # Then held at set-up, wherever they try to go.
    assert "/admin/two-factor/setup/" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor sign-in"
    assert page.get_by_role("img", name="QR code to add this site to your authenticator app").is_visible()
    assert_accessible(page)
    for path in ["/admin/", "/admin/pages/", "/admin/images/", "/admin/account/"]:
        page.goto(server.url + path)
        assert "/admin/two-factor/setup/" in page.url, path
    assert page.locator(".sidebar, [data-side-panel]").count() == 0

    # A wrong code is refused with a message.
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert "That code is not right" in page.locator(".error-message").inner_text()

    # The app: type the key shown on the page, as people without a camera do. django-otp makes
    # the next try after a wrong code wait a second, which a person never notices.
    key = b32decode(page.get_by_test_id("totp-secret").inner_text().replace(" ", ""))
    page.wait_for_timeout(1100)
    page.get_by_label("Code from your authenticator app").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Save your recovery codes"
    codes = page.get_by_test_id("recovery-codes").locator("code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    # On to the page they last asked for.
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.wait_for_url(f"{server.url}/admin/account/")
    page.goto(f"{server.url}/admin/")
    assert page.url == f"{server.url}/admin/"
    assert "/two-factor/" not in page.url
    page.context.close()

    # A new browser: password, then a recovery code.
    page = new_page(browser)
    sign_in(page, server, "a.prover")
    assert "/admin/two-factor/verify/" in page.url
    assert_accessible(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{server.url}/admin/")
    assert "You have 9 left" in page.locator(".messages").inner_text()
    page.context.close()

    # The same recovery code does not work twice.
    page = new_page(browser)
    sign_in(page, server, "a.prover")
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    assert (
        page.locator(".error-message").inner_text().strip()
        == "That recovery code is not right or has already been used."
    )
    assert "/admin/two-factor/verify/" in page.url
    page.goto(f"{server.url}/admin/")
    assert "/admin/two-factor/verify/" in page.url
    page.context.close()


def test_editor_without_the_requirement_goes_straight_to_the_dashboard(browser, seeded_live_server, people):
    server = seeded_live_server
    page = new_page(browser)
    sign_in(page, server, "ed.itor")
    page.wait_for_url(f"{server.url}/admin/")
    page.goto(f"{server.url}/admin/account/")
    assert page.url == f"{server.url}/admin/account/"
    page.context.close()


def test_lockout_page_in_the_browser(browser, seeded_live_server, people):
    server = seeded_live_server
    page = new_page(browser)
    for _ in range(5):
        sign_in_with_password(page, server.url, "ed.itor", "not-the-password")
    assert page.get_by_role("heading", level=1).inner_text() == "Too many failed sign-in attempts"
    assert "paused for 30 minutes" in page.get_by_role("alert").inner_text()
    assert_accessible(page)
    page.context.close()
