"""Issue 13 in a real browser: approving from the dashboard, the changes-requested banner, a new
information page, and the body blocks a visitor uses (the video loads nothing until asked).

Each journey saves a screenshot for the editors' guide under docs/screenshots/editors/.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page

from home.models import HomePage
from networks.models import NetworkPage
from standardpages.models import InformationPage
from tests.browser.test_editor_journey import log_in, team  # noqa: F401 (team is a fixture)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "editors"
COMMENT = "Please say where the figure of 200 cities comes from."


def screenshot(page, name):
    # Nothing still loading: the live server (one request at a time on SQLite) is idle when the test ends.
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def submitted_eurocities(editor, summary="Eurocities has 200 member cities."):
    """Eurocities as an editor left it: a new summary, submitted for approval."""
    network = NetworkPage.objects.get(slug="eurocities")
    network.summary = summary
    revision = network.save_revision(user=editor)
    network.get_workflow().start(network, editor)
    return network, revision


def test_approver_approves_from_the_dashboard_and_is_told(browser, seeded_live_server, team):  # noqa: F811
    server = seeded_live_server
    editor, approver = team
    network, _ = submitted_eurocities(editor)

    page = log_in(browser, server, approver)
    row = page.locator("#awaiting-review-section tr", has_text="Eurocities")
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_load_state()
    assert "'Eurocities' approved and published." in page.locator(".messages").inner_text()
    screenshot(page, "approved-from-dashboard")
    page.context.close()
    assert NetworkPage.objects.get(pk=network.pk).summary == "Eurocities has 200 member cities."


def test_editor_sees_the_reviewers_comment_in_a_banner(browser, seeded_live_server, team):  # noqa: F811
    server = seeded_live_server
    editor, approver = team
    network, _ = submitted_eurocities(editor)
    page_object = Page.objects.get(pk=network.pk)
    page_object.current_workflow_task.on_action(
        page_object.current_workflow_task_state, approver, "reject", comment=COMMENT
    )

    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/pages/{network.pk}/edit/")
    banner = page.locator(".messages")
    assert f"Changes requested by {approver.username}: “{COMMENT}”" in banner.inner_text()
    screenshot(page, "changes-requested-banner")
    page.context.close()


def test_editor_adds_an_information_page_under_home(browser, seeded_live_server, team):  # noqa: F811
    server = seeded_live_server
    editor, _ = team
    home = HomePage.objects.get()
    page = log_in(browser, server, editor)
    page.goto(f"{server.url}/admin/pages/add/standardpages/informationpage/{home.pk}/")
    page.get_by_role("textbox", name="Title").fill("Funding for partnerships")
    page.get_by_role("textbox", name="Introduction").fill("How Leeds pays for its international work.")
    screenshot(page, "add-information-page")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Communications approval").click()
    page.wait_for_load_state()
    assert "'Funding for partnerships' created and submitted for moderation" in page.locator(".messages").inner_text()
    page.context.close()
    added = InformationPage.objects.get(title="Funding for partnerships")
    assert added.get_parent().pk == home.pk
    assert added.current_workflow_state.status == "in_progress"


@pytest.fixture
def visitor_page(browser):
    """A visitor's page whose requests are recorded; the video player's address is answered here, never fetched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>player</title>"),
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page, requests
    context.close()


def test_blocks_for_a_visitor_and_the_video_loads_only_when_asked(seeded_live_server, every_block_page, visitor_page):
    page, requests = visitor_page
    page.goto(f"{seeded_live_server.url}{every_block_page.url}")
    # Accordion sections open by keyboard, without a script of ours.
    summary = page.get_by_text("Who can take part")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Any Leeds organisation.").is_visible()

    video = page.locator(".video-embed")
    video.scroll_into_view_if_needed()
    screenshot(page, "body-blocks")
    assert {urlsplit(url).hostname for url in requests} == {urlsplit(seeded_live_server.url).hostname}, requests
    assert video.locator("iframe").count() == 0

    # Pressing play creates the player, and the CSP lets its frame load (answered by the test, not by YouTube:
    # a frame the policy refused would never be requested, and this would time out).
    with page.expect_request("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"):
        video.get_by_role("button", name="Play video").click()
    iframe = video.locator("iframe")
    assert iframe.get_attribute("title") == "Leeds at the Eurocities forum"
