"""In a real browser, neither the admin nor the public pages break their Content-Security-Policy.

Every `securitypolicyviolation` event (in the page and in any frame, such as
the live preview) and every console message about the policy is recorded; a
test fails if there is one. The policies are the ones production sends
(base.py's SECURE_CSP and ADMIN_SECURE_CSP; production only adds a media host).
"""

import contextlib
import time

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.sessions import sign_in_with_password
from tests.editorial import make_superuser
from tests.otp_helpers import enter_code_in_browser, give_authenticator

RECORD_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.reportCspViolation(
        `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} on ${document.location.pathname}`
    );
});
"""


@pytest.fixture
def violations(page):
    found = []
    page.expose_function("reportCspViolation", lambda text: found.append(text))
    page.add_init_script(RECORD_VIOLATIONS)
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def sign_in(page, server_url):
    device = give_authenticator(make_superuser("approver"))
    sign_in_with_password(page, server_url, "approver")
    enter_code_in_browser(page, device)
    page.wait_for_url(server_url + "/admin/")


def wait_for_preview(page, heading, timeout=20):
    """Wagtail loads each preview in a fresh frame and swaps it in (again after each edit): look in all of them."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "/edit/preview/" in frame.url:
                with contextlib.suppress(PlaywrightError):
                    if heading in frame.locator("h1").first.inner_text(timeout=500):
                        return
        page.wait_for_timeout(200)
    raise AssertionError(f"the live preview never showed {heading!r}")


def test_editor_edits_previews_and_publishes_with_no_csp_violation(page, seeded_live_server, violations):
    from networks.models import NetworkPage

    network = NetworkPage.objects.get(slug="eurocities")
    sign_in(page, seeded_live_server.url)
    assert page.get_by_role("heading", level=1).count()

    page.goto(f"{seeded_live_server.url}/admin/pages/{network.pk}/edit/")
    # The body StreamField is drawn by JavaScript: its blocks appear only if scripts ran.
    page.locator("[data-streamfield-stream-container], .w-stream-field, [data-contentpath='body']").first.wait_for()
    page.get_by_role("textbox", name="Summary").fill(
        "Eurocities brings together the local governments of over 200 cities."
    )

    # Live preview: a same-origin frame (frame-src and frame-ancestors 'self').
    page.get_by_role("button", name="Toggle preview").click()
    wait_for_preview(page, "Eurocities")

    # Publish from the footer's action menu.
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("has been published").first.wait_for()

    network.refresh_from_db()
    assert network.summary.startswith("Eurocities brings together")
    assert violations == []


def test_the_recorder_catches_a_violation(page, seeded_live_server, violations, settings):
    """Control: the editor under the strict public policy does break (so the admin needs its own), and it is noticed."""
    from networks.models import NetworkPage

    sign_in(page, seeded_live_server.url)
    settings.ADMIN_SECURE_CSP = settings.SECURE_CSP
    page.goto(f"{seeded_live_server.url}/admin/pages/{NetworkPage.objects.get(slug='eurocities').pk}/edit/")
    page.wait_for_load_state("load")
    assert any("script-src" in v or "style-src" in v for v in violations), violations


def test_public_pages_work_under_the_public_policy(page, seeded_live_server, violations):
    from wagtail.models import Page

    urls = [p.url for p in Page.objects.live().public().specific() if p.url]
    urls += ["/search/?q=climate", "/no-such-page/"]
    for url in urls:
        page.goto(seeded_live_server.url + url)
        page.wait_for_load_state("load")
    # The stylesheet really applied (a blocked stylesheet leaves the header unstyled).
    page.goto(seeded_live_server.url + "/")
    colour = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
    assert colour == "rgb(0, 54, 95)"
    assert violations == []
