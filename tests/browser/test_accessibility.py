"""Every public page type in headless Chromium, at 1280 px and at 320 px wide.

- axe-core finds no violations of its WCAG 2.0, 2.1 and 2.2 A/AA rules or its
  best-practice rules;
- nothing scrolls sideways at 320 px (WCAG 1.4.10 reflow: 320 px is 1280 px
  zoomed to 400%);
- the first Tab reaches the skip link, which moves focus to the main content, on
  English and translated pages alike;
- Tab reaches every visible link and control, and each shows a focus indicator;
- a visitor's browser holds no cookie after visiting every page;
- the report form's error and confirmation states pass the same checks;
- every page carries a site alert of each level, and a network page and an
  information page a chosen contact (page_types.show_editor_tools).

A failure lists every problem on every page at once, so one run shows them all.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from wagtail.contrib.forms.models import FormSubmission

from tests.browser.page_types import public_pages, show_editor_tools, translated_pages

WIDTHS = [1280, 320]
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
axe = Axe()

# Every element the keyboard should reach, and what it looks like unfocused.
MARK_FOCUSABLE = """() => {
    const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
    const elements = [...document.querySelectorAll(selector)].filter(
        (el) => el.tabIndex >= 0 && !el.disabled && el.checkVisibility({visibilityProperty: true})
    );
    window.__unfocused = elements.map((el) => {
        el.setAttribute('data-kb', elements.indexOf(el));
        const s = getComputedStyle(el);
        return {shadow: s.boxShadow, background: s.backgroundColor};
    });
    return elements.map((el) => el.outerHTML.slice(0, 120));
}"""

# The focused element: which one, whether it can be seen, and whether it shows focus.
FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || !el.hasAttribute('data-kb')) return null;
    const index = Number(el.getAttribute('data-kb'));
    const s = getComputedStyle(el);
    const before = window.__unfocused[index];
    const rect = el.getBoundingClientRect();
    const transparent = (c) => c === 'transparent' || /rgba\\(.*,\\s*0\\)$/.test(c);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2 && !transparent(s.outlineColor);
    const shadow = s.boxShadow !== 'none' && s.boxShadow !== before.shadow;
    const background = s.backgroundColor !== before.background;
    return {
        index,
        html: el.outerHTML.slice(0, 120),
        indicator: outline || shadow || background,
        inView: rect.width > 0 && rect.height > 0 && rect.bottom > 0 && rect.top < innerHeight
            && rect.right > 0 && rect.left < innerWidth,
    };
}"""


def axe_problems(page, name, width):
    results = axe.run(page, options=AXE_OPTIONS)
    if results.violations_count:
        return [f"{name} at {width}px: {results.generate_report()}"]
    return []


def reflow_problems(page, name, width):
    scroll_width, client_width = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll_width > client_width:
        return [f"{name} at {width}px scrolls sideways: content is {scroll_width}px wide"]
    return []


def test_every_page_type_has_the_expected_content(seeded_translated_live_server, every_block_page, context_at):
    """The checks below cover what they claim: each page type shows what makes it that type."""
    page = context_at(1280).new_page()
    expected = {
        "/search/?q=culture": "result",
        "/search/?q=xyzzyquux": "No results for",
        "/international/?theme=climate": "working on climate",
        "/international/?theme=no-such-theme": "There is no theme called",
        "/no-such-page/": "Page not found",
        "/every-block/": "Leeds's networks by year joined",
        # The same views in other languages, with the seeded translations.
        "/fr/search/?q=xyzzyquux": "Aucun résultat pour",
        "/de/no-such-page/": "Seite nicht gefunden",
        "/zh-hans/international/?theme=no-such-theme": "没有名为",
    }
    for path, text in expected.items():
        response = page.goto(seeded_translated_live_server.url + path)
        assert text in page.locator("main").inner_text(), path
        assert response.status == (404 if path.endswith("/no-such-page/") else 200), path
    assert len(public_pages()) >= 17
    assert {name.split(":")[0] for name, _ in translated_pages()} == {"fr", "de", "zh-hans"}
    assert len(translated_pages()) >= 3 * 8


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violations_and_nothing_scrolls_sideways(
    seeded_translated_live_server, every_block_page, context_at, width
):
    show_editor_tools()
    context = context_at(width)
    page = context.new_page()
    problems = []
    pages = [*public_pages(), *translated_pages()]
    for name, path in pages:
        page.goto(seeded_translated_live_server.url + path)
        problems += axe_problems(page, name, width)
        problems += reflow_problems(page, name, width)
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    # Reading every page, searching and opening the report form set no cookie.
    assert context.cookies() == []


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_reaches_everything_with_a_visible_focus(
    seeded_translated_live_server, every_block_page, context_at, width
):
    show_editor_tools()
    page = context_at(width).new_page()
    problems = []
    server = seeded_translated_live_server
    for name, path in [*public_pages(), *translated_pages()]:
        page.goto(server.url + path)
        focusable = page.evaluate(MARK_FOCUSABLE)

        # The first Tab lands on the skip link; Enter moves focus to the main content.
        page.keyboard.press("Tab")
        first = page.evaluate("document.activeElement.textContent.trim()")
        skip_link = page.locator(".skip-link")
        if first != skip_link.text_content().strip() or not first or not skip_link.is_visible():
            problems.append(f"{name}: the first Tab reached {first!r}, not a visible skip link")
        page.keyboard.press("Enter")
        if page.evaluate("document.activeElement.id") != "main-content":
            problems.append(f"{name}: the skip link did not move focus to the main content")

        # From the top, Tab through the whole page.
        page.goto(server.url + path)
        page.evaluate(MARK_FOCUSABLE)
        reached = set()
        for _ in range(len(focusable) + 2):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUSED)
            if state is None or state["index"] in reached:
                break
            reached.add(state["index"])
            if not state["indicator"]:
                problems.append(f"{name}: no visible focus indicator on {state['html']}")
            if not state["inView"]:
                problems.append(f"{name}: focused element is off screen: {state['html']}")
        missed = [html for i, html in enumerate(focusable) if i not in reached]
        if missed:
            problems.append(f"{name}: Tab never reaches {missed}")
    assert not problems, f"{len(problems)} problem(s) at {width}px:\n" + "\n".join(problems)


def test_report_form_from_a_page_in_the_browser(seeded_live_server, context_at):
    """A visitor reports a problem with a network page: errors, then success, all accessible."""
    context = context_at(1280)
    page = context.new_page()
    mail.outbox.clear()
    page.goto(seeded_live_server.url + "/international/eurocities/")
    page.get_by_role("link", name="Report a problem with this page").click()
    assert page.get_by_label("Which page has the problem?").input_value() == "/international/eurocities/"

    # Sent empty: the error summary is focused and names the missing answer.
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()  # the title is read from the page the post returned, not one still loading
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.className") == "error-summary"
    summary = page.locator(".error-summary")
    assert "Enter what the problem is" in summary.inner_text()
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += axe_problems(page, "report form with errors", width)
        problems += reflow_problems(page, "report form with errors", width)
    # The error links move focus to the field.
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.name") == "what_is_the_problem"
    assert page.get_by_label("Which page has the problem?").input_value() == "/international/eurocities/"

    page.get_by_label("What is the problem?").fill("The key facts are out of date.")
    page.get_by_role("button", name="Send report").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Report sent"
    # Posted, then redirected: reloading the "sent" page sends nothing again.
    assert page.url.startswith(f"{seeded_live_server.url}/send-report/")
    page.reload()
    assert page.get_by_role("heading", level=1).inner_text() == "Report sent"
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        problems += axe_problems(page, "report sent", width)
        problems += reflow_problems(page, "report sent", width)
    assert not problems, "\n".join(problems)

    submission = FormSubmission.objects.get()
    assert submission.get_data()["page_address"] == "/international/eurocities/"
    assert submission.get_data()["what_is_the_problem"] == "The key facts are out of date."
    assert len(mail.outbox) == 1 and "The key facts are out of date." in mail.outbox[0].body
    page.get_by_role("link", name="Go back to the page you reported").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Eurocities"
    assert context.cookies() == []


def test_theme_filter_works_by_keyboard_without_javascript(seeded_live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(seeded_live_server.url + "/international/")
        filter_link = page.get_by_role("navigation", name="Filter networks by theme").get_by_role(
            "link", name="Climate"
        )
        filter_link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/international/?theme=climate")
        assert "1 network working on climate." in page.locator("main").inner_text()
        assert page.locator(".card__title").all_inner_texts() == ["Eurocities"]
        current = page.get_by_role("navigation", name="Filter networks by theme").locator("[aria-current=true]")
        assert current.inner_text() == "Climate"
    finally:
        context.close()
