"""An editor shares a draft with a partner who has no account, then withdraws the link."""

import re

from axe_playwright_python.sync_playwright import Axe

from networks.models import NetworkPage
from tests.browser.test_accessibility import AXE_OPTIONS
from tests.browser.test_editor_journey import log_in
from tests.editorial import make_editor

DRAFT_SUMMARY = "Draft: Leeds will host the Eurocities culture forum in 2027."


def open_as_stranger(browser, url):
    """A fresh browser context: no cookies, no session, as the partner opening the email."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    response = page.goto(url)
    return context, page, response


def test_editor_shares_a_draft_and_withdraws_the_link(browser, seeded_live_server):
    server = seeded_live_server
    editor = make_editor()
    network = NetworkPage.objects.get(slug="eurocities")
    network.summary = DRAFT_SUMMARY
    network.save_revision(user=editor)

    # From the page's edit view, the editor opens the page's preview links and makes one.
    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/pages/{network.pk}/edit/")
    links = page.locator(f'a[href="/admin/pages/{network.pk}/preview-links/"]')
    if not links.first.is_visible():
        page.get_by_role("button", name=re.compile("Actions|More", re.IGNORECASE)).first.click()
    links.first.click()
    page.get_by_label("Link works for (days)").fill("3")
    page.get_by_role("button", name="Create preview link").click()
    url = page.get_by_label("Preview link", exact=True).input_value()
    assert url.startswith(f"{server.url}/preview/")

    # Someone with no account opens it and sees the draft, clearly marked.
    context, stranger, response = open_as_stranger(browser, url)
    assert response.status == 200
    assert {"private", "no-store"} <= set(response.headers["cache-control"].replace(" ", "").split(","))
    assert "noindex" in response.headers["x-robots-tag"]
    assert stranger.get_by_role("region", name="Draft preview").inner_text().startswith("Draft preview, not published")
    assert DRAFT_SUMMARY in stranger.content()
    results = Axe().run(stranger, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()
    context.close()

    # The editor sees who made it and withdraws it; the link then opens nothing.
    page.goto(f"{server.url}/admin/pages/{network.pk}/preview-links/")
    table = page.get_by_role("table", name="Preview links for this page")
    assert re.search(r"editor\s.*Active", table.inner_text())
    page.get_by_role("button", name=re.compile("Withdraw link")).click()
    assert "Revoked by editor" in table.inner_text()
    context, stranger, response = open_as_stranger(browser, url)
    assert response.status in (404, 410)
    assert DRAFT_SUMMARY not in stranger.content()
    context.close()
    page.context.close()
