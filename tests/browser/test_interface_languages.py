"""Right-to-left and Chinese pages in Chromium, at 1280 and 320 px wide.

- Urdu, added to the site's languages as configuration would add it, with a
  page translated into it: dir="rtl", the layout mirrored (text and the
  breadcrumb trail start on the right), no axe violation, nothing scrolls
  sideways.
- Simplified Chinese at 320 px: a long run of Chinese with no spaces wraps
  inside the screen, lines follow the strict line-breaking rules, nothing
  scrolls sideways, no axe violation.
"""

import pytest
from django.conf import settings
from django.test import override_settings

from networks.models import NetworkPage
from tests.browser.test_accessibility import WIDTHS, axe_problems, reflow_problems
from tests.factories import translate

WITH_URDU = [*settings.LANGUAGES, ("ur", "اردو")]
# Where the h1's text and the first and last breadcrumb sit, in CSS pixels.
LAYOUT = """() => {
    const text = document.createRange();
    text.selectNodeContents(document.querySelector('h1'));
    const heading = text.getBoundingClientRect();
    const main = document.querySelector('main').getBoundingClientRect();
    const crumbs = [...document.querySelectorAll('.breadcrumbs li')].map((li) => li.getBoundingClientRect());
    return {
        headingLeft: heading.left - main.left, headingRight: main.right - heading.right,
        firstCrumb: crumbs[0].left, lastCrumb: crumbs[crumbs.length - 1].left,
        dir: document.documentElement.dir,
    };
}"""
LONG_CHINESE = "利兹与欧洲城市网络的其他成员一起推动气候行动、数字权利和包容性增长" * 4


@pytest.fixture
def urdu_server(seeded_live_server):
    with override_settings(LANGUAGES=WITH_URDU, WAGTAIL_CONTENT_LANGUAGES=WITH_URDU):
        english = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
        translate(english, "ur", title="یوروسٹیز", summary="یورپی شہروں کا نیٹ ورک، جس کا لیڈز رکن ہے۔")
        yield seeded_live_server


def test_right_to_left_page_mirrors_and_stays_accessible(urdu_server, context_at):
    problems = []
    for width in WIDTHS:
        page = context_at(width).new_page()
        page.goto(f"{urdu_server.url}/ur/international/eurocities/")
        layout = page.evaluate(LAYOUT)
        assert layout["dir"] == "rtl"
        # The heading's text starts at the right edge of the content; the trail reads right to left.
        assert layout["headingRight"] < 2 < layout["headingLeft"], layout
        # At 1280 px the trail is one line (at 320 px it wraps, each crumb on a line of its own).
        assert width < 1280 or layout["firstCrumb"] > layout["lastCrumb"], layout
        problems += axe_problems(page, "Urdu network page", width)
        problems += reflow_problems(page, "Urdu network page", width)
        page.goto(f"{urdu_server.url}/international/eurocities/")
        english = page.evaluate(LAYOUT)
        assert english["dir"] == "ltr" and english["headingLeft"] < 2, english
        assert width < 1280 or english["firstCrumb"] < english["lastCrumb"], english
    assert not problems, "\n".join(problems)


def test_chinese_wraps_at_320_px(seeded_live_server, context_at):
    english = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
    chinese = translate(english, "zh-hans", summary=LONG_CHINESE)
    page = context_at(320).new_page()
    page.goto(seeded_live_server.url + chinese.url)
    lead = page.locator(".lead").first
    assert lead.inner_text() == LONG_CHINESE
    style = lead.evaluate("(el) => { const s = getComputedStyle(el); return [s.lineBreak, s.wordBreak]; }")
    assert style == ["strict", "normal"]
    box = lead.bounding_box()
    # Many lines, every one inside the screen.
    assert box["height"] > 5 * 20 and box["x"] >= 0 and box["x"] + box["width"] <= 320, box
    problems = axe_problems(page, "Chinese network page", 320) + reflow_problems(page, "Chinese network page", 320)
    for path in ("/zh-hans/", "/zh-hans/international/", "/zh-hans/search/?q=xyzzyquux"):
        page.goto(seeded_live_server.url + path)
        problems += reflow_problems(page, path, 320)
    assert not problems, "\n".join(problems)
