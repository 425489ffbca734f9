"""Browser pages and the admin's sign-in form, shared by the Playwright tests."""

import re

from tests.editorial import PASSWORD
from tests.otp_helpers import enter_code_in_browser


def new_page(browser, width=1280, **options):
    """A page in a fresh browser context (close it with ``page.context.close()``)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, **options)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in_with_password(page, server_url, username, password=PASSWORD, path="/admin/login/"):
    """Go to ``path`` and fill in the admin's own sign-in form, as people do."""
    page.goto(f"{server_url}{path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile("Sign in", re.IGNORECASE)).click()
    page.wait_for_load_state()


def log_in(browser, server, user):
    """A new page signed in through the admin's own login form, as people do, with a code if asked for one.

    ``user.device``: the authenticator for a role that needs two-factor sign-in.
    """
    page = new_page(browser)
    sign_in_with_password(page, server.url, user.username)
    if "/two-factor/verify/" in page.url and getattr(user, "device", None):
        enter_code_in_browser(page, user.device)
    page.wait_for_url(f"{server.url}/admin/")
    return page
