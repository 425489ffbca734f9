"""A visitor in a real browser: pages load, the skip link works by keyboard."""


def test_visitor_reaches_a_network_from_the_home_page(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_role("link", name="International strategy").first.click()
    # The network's card (the themes table names it too).
    page.locator(".card").get_by_role("link", name="Eurocities").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Eurocities"
    assert "190" in page.locator("dl").first.inner_text()


def test_first_tab_lands_on_skip_link_which_moves_focus_to_main(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/international/eurocities/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
