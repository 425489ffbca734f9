"""Friendly 404 and 500 pages in the site design, with the right status codes."""

from unittest import mock

from django.db import DatabaseError
from django.template.loader import render_to_string

from home.models import HomePage


def assert_site_design(html):
    body = html.split("<body", 1)[1]
    assert body.split("<a ", 1)[1].startswith('href="#main-content"'), "skip link first"
    assert '<header class="site-header">' in html
    assert '<main id="main-content"' in html
    assert '<footer class="site-footer">' in html
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert html.count("<h1") == 1


def test_not_found_page(seeded, client):
    response = client.get("/international/no-such-network/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_design(html)
    assert "<h1>Page not found</h1>" in html
    assert "<title>Page not found | Leeds international networks</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'href="/search/"' in html
    assert 'href="/report-a-problem/?page=/international/no-such-network/"' in html
    assert 'href="/accessibility-statement/"' in html
    assert not response.cookies


def test_not_found_outside_the_page_tree(seeded, client):
    response = client.get("/static/nothing-here.css")
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


def test_server_error_page(seeded, visitor):
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError("a fault for the test")):
        response = visitor.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_design(html)
    assert "<h1>Sorry, there is a problem with the service</h1>" in html
    assert "a fault for the test" not in html  # no details leak
    assert '<meta name="robots" content="noindex">' in html
    # The footer still links to the legal pages and the report form.
    assert 'href="/accessibility-statement/"' in html
    assert 'href="/report-a-problem/"' in html
    assert not response.cookies


def test_server_error_page_survives_a_database_fault_in_the_footer(seeded, visitor):
    with (
        mock.patch.object(HomePage, "serve", side_effect=RuntimeError("a fault for the test")),
        mock.patch("core.pagetree.Site.get_site_root_paths", side_effect=DatabaseError("gone")),
    ):
        response = visitor.get("/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_design(html)
    assert "Sorry, there is a problem with the service" in html
    assert 'href="/accessibility-statement/"' not in html


def test_server_error_template_needs_no_request_or_database(db):
    # Django's server_error renders it with an empty context.
    with mock.patch("core.site.Site.objects") as sites:
        sites.filter.side_effect = DatabaseError("gone")
        html = render_to_string("500.html")
    assert_site_design(html)
