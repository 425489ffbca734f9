"""Playwright driving Debian's Chromium against Django's live test server.

`playwright install` cannot download browsers here, so the suite launches
/usr/bin/chromium. Without it the browser tests skip with a message; in CI
(CI=true) a missing browser is a failure, never a silent skip.
"""

import contextlib
import os
import shutil

import pytest

from tests.browser.sessions import new_page
from tests.factories import seed_site

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop in this thread; Django refuses ORM
# calls from a thread with a running loop unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        message = (
            f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium` to run browser tests"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{message} (CI requires the browser tests).")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def transactional_db(transactional_db, request):
    """The parent's, after every open page has left for about:blank.

    A page still open when the test ends (the admin's editor pings and
    fetches in the background) can send a request after the live server has
    gone quiet, while the database is being emptied: SQLite then fails the
    flush ("database table is locked") and PostgreSQL can deadlock. Leaving
    the page stops its timers; the parent then waits for what is in flight.
    """
    yield transactional_db
    if "browser" not in request.fixturenames:
        return
    for context in request.getfixturevalue("browser").contexts:
        for page in context.pages:
            with contextlib.suppress(Exception):
                page.goto("about:blank", timeout=5000)


@pytest.fixture
def seeded_live_server(live_server, transactional_db):
    """The live server with the site as `seed_content` builds it."""
    seed_site()
    return live_server


@pytest.fixture
def every_block_page(transactional_db, media_root):
    """An information page with every body block added in issue 13: list it after the fixture that seeds the live site."""
    from tests.body_blocks import publish_every_block_page

    return publish_every_block_page()


@pytest.fixture
def seeded_translated_live_server(live_server, transactional_db):
    """The live server with the site as `make run` seeds it: English, French, German and Simplified Chinese."""
    seed_site(translations=True)
    return live_server


@pytest.fixture
def context_at(browser):
    """``context_at(width)``: a new browser context with a viewport that wide, closed after the test."""
    contexts = []

    def make(width):
        context = browser.new_context(viewport={"width": width, "height": 900})
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
