"""Public pages set no cookies, and the page cache never serves one visitor's cookies or tokens to another.

The site sets no cookie for the public except the CSRF cookie a page with a
form needs. A page that sets one is rendered afresh every time (it holds that
visitor's token); every other page comes back from the cache byte for byte,
headers included, with no Set-Cookie added and Vary: Cookie kept.
"""

import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client

from standardpages.models import InformationPage
from tests.cache_checks import visit
from tests.site_crawl import parse, public_urls

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture
def pages(seeded, client):
    pages = public_urls(client)
    assert len(pages) >= 7, sorted(pages)
    return pages


def fresh_get(url):
    """A new visitor's request: (response, whether the page cache answered it)."""
    return visit(Client(), url)


def test_public_pages_set_no_cookie_but_the_csrf_one(pages):
    from django.conf import settings

    for url, response in pages.items():
        assert set(response.cookies) <= {settings.CSRF_COOKIE_NAME}, f"{url} sets {sorted(response.cookies)}"
        if settings.CSRF_COOKIE_NAME in response.cookies:
            # Only a page with a form needs the token.
            assert TOKEN.search(response.content.decode()), f"{url} sets a CSRF cookie but has no form"


def test_second_visitor_gets_the_same_page_with_no_cookie(pages):
    for url in pages:
        first, _ = fresh_get(url)
        second, cached = fresh_get(url)
        if first.cookies:
            continue  # the next test
        assert not second.cookies, url
        assert cached, f"{url} was rendered again instead of served from the cache"
        assert second.content == first.content, url
        assert dict(second.headers) == dict(first.headers), url


@pytest.fixture
def pages_with_a_csrf_form(seeded, monkeypatch):
    """The information pages, each given a CSRF-protected form, as a page built with {% csrf_token %} would have.

    No page the seed builds sets a cookie, so the test below makes the pages that do:
    asking for the token makes Django set the CSRF cookie on the response.
    """
    serve = InformationPage.serve

    def serve_with_a_form(page, request, *args, **kwargs):
        response = serve(page, request, *args, **kwargs)
        response.render()
        form = (
            f'<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
        )
        response.content = response.content.replace(b"</main>", form.encode() + b"</main>")
        return response

    monkeypatch.setattr(InformationPage, "serve", serve_with_a_form)
    return [page.url for page in InformationPage.objects.live()]


def test_pages_that_set_a_cookie_are_rendered_for_each_visitor(pages_with_a_csrf_form, pages):
    # pages_with_a_csrf_form comes first: crawling `pages` before the forms exist would cache the pages without them.
    assert len(pages_with_a_csrf_form) >= 3  # the legal pages
    for url in sorted({*pages_with_a_csrf_form, *(url for url in pages if fresh_get(url)[0].cookies)}):
        first, _ = fresh_get(url)
        assert first.cookies, f"{url} sets no cookie"
        second, cached = fresh_get(url)
        assert second.cookies, f"{url}: the second visitor got no cookie, so a cached page"
        assert not cached, f"{url} was served from the cache"
        tokens = [TOKEN.search(r.content.decode()) for r in (first, second)]
        assert all(tokens), f"{url} sets a cookie but its form has no token"
        assert tokens[0].group(1) != tokens[1].group(1), f"{url}: two visitors got the same form token"


def test_forms_still_post_when_their_page_came_from_the_cache(pages):
    """A second visitor's form must be accepted: a cached form carrying the first
    visitor's CSRF token would be refused (403)."""
    form_pages = {
        url: r for url, r in pages.items() if re.search(r"<form[^>]*method=\"post\"", r.content.decode(), re.I)
    }
    assert form_pages, "no public page has a form (the report-a-problem page has one)"
    for url in form_pages:
        Client().get(url)  # someone else looked first
        visitor = Client(enforce_csrf_checks=True)
        html = visitor.get(url).content.decode()
        form = re.search(r"<form[^>]*method=\"post\"[^>]*>", html, re.I).group(0)
        action = re.search(r'action="([^"]*)"', form)
        target = action.group(1) if action and action.group(1) else url
        hidden = {
            attrs["name"]: attrs.get("value", "")
            for tag, attrs in parse(html).tags
            if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name")
        }
        # An empty report: the form answers with its own error messages, not a refusal.
        response = visitor.post(target, hidden)
        assert response.status_code != 403, f"{url}: the form was refused"


def test_cached_pages_keep_vary_cookie_for_browsers_and_proxies(pages):
    # Editors see the admin bar on the same URLs, so shared caches downstream must key on Cookie.
    checked = 0
    for url in pages:
        first, _ = fresh_get(url)
        if first.cookies:
            continue
        second, _ = fresh_get(url)
        assert "Cookie" in first.get("Vary", ""), url
        assert second.get("Vary") == first["Vary"], url
        checked += 1
    assert checked
