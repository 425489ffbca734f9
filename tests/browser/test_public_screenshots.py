"""The public site as visitors see it (issue 14): screenshots for the docs, axe on each state, page weight.

At 1280 and 320 px wide, each state (home, landing, a network, search, the
report form empty, with errors and sent, the 404 page) is opened in a fresh
browser (nothing cached), checked with axe, photographed into
docs/screenshots/public/ (the viewport only, so the files stay small), and
weighed from the responses the browser actually received: text resources
(HTML, CSS, JavaScript) gzipped as a server sends them, images as they came.

- the landing page's HTML + CSS + JS stays under 15 KB gzipped;
- every page stays under 60 KB, images included.
"""

import gzip
from pathlib import Path

import pytest

from tests.browser.sessions import new_page
from tests.browser.test_accessibility import axe_problems, reflow_problems

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "public"
WIDTHS = [1280, 320]
TEXT_TYPES = {"document", "stylesheet", "script"}
LANDING_TEXT_LIMIT = 15 * 1024
PAGE_LIMIT = 60 * 1024


def report_form(page, server):
    page.goto(server + "/report-a-problem/?page=/international/")


def report_errors(page, server):
    report_form(page, server)
    page.get_by_role("button", name="Send report").click()
    assert "Enter what the problem is" in page.locator(".error-summary").inner_text()


def report_sent(page, server):
    report_form(page, server)
    page.get_by_label("What is the problem?").fill("A link on the landing page does not work.")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Report sent"


def visit(path):
    return lambda page, server: page.goto(server + path)


STATES = {
    "home": visit("/"),
    "landing": visit("/international/"),
    "network": visit("/international/eurocities/"),
    "search": visit("/search/?q=culture"),
    "report-form": report_form,
    "report-form-errors": report_errors,
    "report-form-sent": report_sent,
    "not-found": visit("/no-such-page/"),
}


class Weigher:
    """Adds up what the browser received for the page on screen: text gzipped, images as sent.

    Routing every request switches the browser's cache off, so a page reached
    through a form (the report form's states) fetches its CSS again and is
    weighed whole, like a first visit.
    """

    def __init__(self, page):
        self.requests = []
        page.route("**/*", lambda route: route.continue_())
        page.on("requestfinished", lambda request: self.requests.append(request))

    def totals(self):
        documents = [i for i, r in enumerate(self.requests) if r.resource_type == "document" and self.final(r)]
        text = images = 0
        for request in self.requests[documents[-1] :]:
            body = request.response().body()
            if request.resource_type in TEXT_TYPES:
                text += len(gzip.compress(body, compresslevel=9, mtime=0))
            else:
                images += len(body)
        return text, images

    @staticmethod
    def final(request):
        response = request.response()
        return response is not None and not 300 <= response.status < 400


@pytest.mark.parametrize("width", WIDTHS)
def test_screenshots_axe_and_weight_of_every_public_state(seeded_live_server, browser, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems, weights = [], {}
    for name, open_state in STATES.items():
        page = new_page(browser, width=width)
        try:
            page.set_viewport_size({"width": width, "height": 900 if width > 320 else 640})
            weigher = Weigher(page)
            open_state(page, seeded_live_server.url)
            page.wait_for_load_state("networkidle")
            problems += axe_problems(page, name, width)
            problems += reflow_problems(page, name, width)
            page.screenshot(path=SHOTS / f"{name}-{width}.png")
            if name == "landing":  # the themes table is below the fold: photograph it on its own
                page.locator(".theme-table").screenshot(path=SHOTS / f"landing-themes-table-{width}.png")
            weights[name] = weigher.totals()
        finally:
            page.context.close()
    assert not problems, "\n".join(problems)

    text, _ = weights["landing"]
    assert 0 < text < LANDING_TEXT_LIMIT, f"landing page: {text} bytes of HTML+CSS+JS gzipped"
    heavy = {name: text + images for name, (text, images) in weights.items() if text + images >= PAGE_LIMIT}
    assert not heavy, f"over 60 KB with images: {heavy}"
    assert all(text > 1000 for text, _ in weights.values()), weights  # the page and its CSS were counted
    for name in [*STATES, "landing-themes-table"]:
        assert (SHOTS / f"{name}-{width}.png").stat().st_size > 5000, name
