"""What a CDN or Varnish in front may keep (Cache-Control), and what publishing purges from it.

Public pages say a shared cache may keep one copy for everyone; everything
personal, posted or broken says private, no-store. The purge tests record what
Wagtail's frontend-cache backends are asked to drop; tests/test_edge_cache.py
runs the same through a real Varnish.
"""

import socket
import threading
import time

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.urls import reverse
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from edgecache.backends import HTTPBackend
from edgecache.config import frontend_cache_from_env, max_age_from_env
from tests.cache_checks import assert_from_cache
from tests.editorial import make_superuser, signed_in_client
from tests.factories import NetworkPageFactory, ThemeFactory
from tests.ops_support import load_production_settings

PUBLIC = "public, max-age=0, s-maxage=60"


def directives(response):
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def assert_private(response):
    assert {"private", "no-store"} <= directives(response), response.get("Cache-Control")
    assert not directives(response) & {"public"} and not any(d.startswith("s-maxage") for d in directives(response))


@pytest.fixture
def site(site_pages):
    home, landing = site_pages
    climate = ThemeFactory(name="Climate", slug="climate")
    a = NetworkPageFactory(parent=landing, title="Network A", slug="network-a", themes=[climate])
    b = NetworkPageFactory(parent=landing, title="Network B", slug="network-b")
    return home, landing, a, b


@pytest.fixture
def editor(db):
    return signed_in_client(make_superuser("edge-editor"))


def public_urls(site):
    home, landing, a, _ = site
    return [home.url, landing.url, landing.url + "?theme=climate", a.url, "/search/?q=network", "/sitemap.xml"]


def test_public_pages_may_be_shared_and_stay_in_the_page_cache(client, site):
    for url in public_urls(site):
        fresh = client.get(url)
        assert fresh.status_code == 200, url
        assert fresh["Cache-Control"] == PUBLIC, url
        assert "Cookie" in fresh["Vary"], url
        if not url.startswith("/sitemap"):
            # Django's page cache still stores it, and its hits carry the same headers.
            cached = assert_from_cache(client, url)
            assert dict(cached.headers) == dict(fresh.headers), url
            assert cached.content == fresh.content


def test_every_seeded_page_type_may_be_shared(client, seeded):
    from wagtail.models import Page, get_page_models

    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().first()
        response = client.get(page.url)
        assert response.status_code == 200 and response["Cache-Control"] == PUBLIC, (model, page.url)


def test_longer_lifetime_comes_from_the_setting(client, site, settings):
    settings.EDGECACHE_MAX_AGE = 600
    assert client.get(site[1].url)["Cache-Control"] == "public, max-age=0, s-maxage=600"


@pytest.mark.parametrize("cookie", ["sessionid=abc", "csrftoken=abc", "_ga=GA1.1.1", "messages=x"])
def test_a_request_with_any_cookie_is_private(client, site, cookie):
    # Varnish (varnish/default.vcl) strips analytics cookies before they get here.
    response = client.get(site[1].url, HTTP_COOKIE=cookie)
    assert response.status_code == 200
    assert_private(response)


def test_signed_in_editors_pages_are_private(editor, site):
    for url in public_urls(site):
        assert_private(editor.get(url))


def test_admin_and_previews_are_private(editor, site):
    _, _, a, _ = site
    for url in [
        "/admin/",
        reverse("wagtailadmin_pages:edit", args=[a.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[a.pk]),
    ]:
        response = editor.get(url)
        assert response.status_code == 200, url
        assert_private(response)
    assert_private(Client().get("/admin/login/"))
    # Wagtail renders a preview by running the middleware on a request for the
    # page's own URL, with no cookie at all.
    a.summary = "A draft summary."
    a.save_revision()
    preview = a.get_latest_revision_as_object().make_preview_request()
    assert "A draft summary." in preview.content.decode()
    assert_private(preview)


def test_posts_errors_and_redirects_are_private(client, site, seeded):
    from reports.models import ReportProblemPage

    report = ReportProblemPage.objects.live().first()
    assert_private(client.post(reverse("report_problem_send", args=[report.pk]), {}))
    assert_private(client.post(report.url, {}))
    not_found = client.get("/no-such-page/")
    assert not_found.status_code == 404
    assert_private(not_found)
    redirect = client.get(site[1].url.rstrip("/"))
    assert redirect.status_code == 301
    assert_private(redirect)


def test_a_response_that_sets_a_cookie_is_private_whatever_the_view_said(client, db):
    # The admin sign-in page sets the CSRF cookie.
    response = client.get("/admin/login/")
    assert response.cookies
    assert_private(response)


def test_own_cache_control_is_kept(client, db):
    assert client.get("/robots.txt")["Cache-Control"] == "max-age=3600"
    assert "no-store" in client.get("/health/")["Cache-Control"]


# Purging


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)


@pytest.fixture
def purged(settings):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_edge_headers.RecordingBackend"}}
    RecordingBackend.purged = []
    return RecordingBackend.purged


# Search in every site language (issue 11), the sitemap and the API's listing.
SITE_WIDE = {
    "http://localhost/search/",
    "http://localhost/fr/search/",
    "http://localhost/de/search/",
    "http://localhost/zh-hans/search/",
    "http://localhost/sitemap.xml",
    "http://localhost/api/v2/pages/",
}


def api_detail(*pages):
    return {f"http://localhost/api/v2/pages/{page.pk}/" for page in pages}


def test_publish_purges_the_page_its_parents_search_and_sitemap_after_commit(
    site, purged, django_capture_on_commit_callbacks
):
    home, landing, a, b = site
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        a.title = "Network A renamed"
        a.save_revision().publish()
    assert purged == [], "purged before the change was committed"
    for callback in callbacks:
        callback()
    assert set(purged) == {"http://localhost/", landing.full_url, a.full_url} | SITE_WIDE | api_detail(home, landing, a)
    assert b.full_url not in purged


def test_a_second_purge_follows_for_requests_that_read_the_old_rows(
    site, purged, settings, django_capture_on_commit_callbacks
):
    settings.EDGECACHE_REPURGE_SECONDS = 0.2
    _, _, a, _ = site
    with django_capture_on_commit_callbacks(execute=True):
        a.save_revision().publish()
    assert purged.count(a.full_url) == 1
    deadline = time.monotonic() + 10
    while purged.count(a.full_url) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert purged.count(a.full_url) == 2


def test_publishing_a_parent_purges_its_children_breadcrumbs(site, purged, django_capture_on_commit_callbacks):
    _, landing, a, b = site
    with django_capture_on_commit_callbacks(execute=True):
        landing.save_revision().publish()
    assert {a.full_url, b.full_url, landing.full_url} <= set(purged)


def test_admin_publish_unpublish_and_delete_purge(editor, site, purged, django_capture_on_commit_callbacks):
    _, landing, a, b = site
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("wagtailadmin_pages:unpublish", args=(b.pk,)))
    assert response.status_code == 302
    assert {b.full_url, landing.full_url, "http://localhost/"} | SITE_WIDE <= set(purged)
    purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(reverse("wagtailadmin_pages:delete", args=(a.pk,)))
    assert response.status_code == 302
    assert {a.full_url, landing.full_url, "http://localhost/"} | SITE_WIDE <= set(purged)


def test_move_and_slug_change_purge_old_and_new_urls(site, purged, django_capture_on_commit_callbacks):
    home, landing, a, b = site
    old_a = a.full_url
    with django_capture_on_commit_callbacks(execute=True):
        a.move(home, pos="last-child")
    assert {old_a, "http://localhost/network-a/", landing.full_url} <= set(purged)
    purged.clear()
    child = NetworkPageFactory(parent=b, title="Child", slug="child")
    old_b, old_child = b.full_url, child.full_url
    b.slug = "network-b-renamed"
    with django_capture_on_commit_callbacks(execute=True):
        b.save_revision().publish()
    assert {old_b, old_child, "http://localhost/international/network-b-renamed/"} <= set(purged)


def test_privacy_change_purges(site, purged, django_capture_on_commit_callbacks):
    _, landing, a, _ = site
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=a, restriction_type=PageViewRestriction.LOGIN)
    assert {a.full_url, landing.full_url} <= set(purged)


def test_settings_snippets_and_images_purge_every_page(site, purged, django_capture_on_commit_callbacks):
    from wagtail.contrib.settings.registry import registry

    home, landing, a, b = site
    every_page = (
        {"http://localhost/", landing.full_url, a.full_url, b.full_url} | SITE_WIDE | api_detail(home, landing, a, b)
    )
    theme = ThemeFactory(name="Culture", slug="culture")
    assert purged == [], "a new theme is on no page yet"
    theme.name = "Culture and arts"
    with django_capture_on_commit_callbacks(execute=True):
        theme.save()
    assert set(purged) == every_page
    for model in registry:
        purged.clear()
        setting = model.load() if hasattr(model, "load") else model.for_site(home.get_site())
        with django_capture_on_commit_callbacks(execute=True):
            setting.save()
        assert set(purged) == every_page, model


def test_nothing_configured_means_no_purge_and_no_error(site, settings, django_capture_on_commit_callbacks):
    settings.WAGTAILFRONTENDCACHE = {}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        site[2].save_revision().publish()
    assert not [c for c in callbacks if type(c).__name__ == "_Batch"]


def test_an_unreachable_or_hung_cache_does_not_hold_up_publishing(
    site, settings, caplog, django_capture_on_commit_callbacks
):
    # Accepts connections and never answers.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    settings.WAGTAILFRONTENDCACHE = {
        "http": {"BACKEND": "edgecache.backends.HTTPBackend", "LOCATION": f"http://127.0.0.1:{port}", "TIMEOUT": 0.5}
    }
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            site[2].save_revision().publish()
        assert time.monotonic() - started < 15
    finally:
        server.close()
    assert "Couldn't purge" in caplog.text
    site[2].refresh_from_db()
    assert site[2].live and not site[2].has_unpublished_changes


def test_http_backend_sends_purge_with_the_site_host():
    seen = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()

    def answer():
        connection, _ = server.accept()
        seen.append(connection.recv(4096).decode())
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        connection.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    backend = HTTPBackend({"LOCATION": f"http://127.0.0.1:{server.getsockname()[1]}"})
    backend.purge("https://international.example.org/international/?theme=climate")
    thread.join(5)
    server.close()
    assert seen[0].startswith("PURGE /international/?theme=climate HTTP/1.1\r\n")
    assert "\r\nHost: international.example.org\r\n" in seen[0]


# Configuration from the environment


def test_no_variables_no_backends():
    assert frontend_cache_from_env({}) == {}
    assert max_age_from_env({}, purging=False) == 60
    assert max_age_from_env({}, purging=True) == 600
    assert max_age_from_env({"EDGE_CACHE_MAX_AGE": "120"}, purging=True) == 120


def test_every_supported_cache_from_the_environment():
    backends = frontend_cache_from_env(
        {
            "FRONTEND_CACHE_LOCATION": "http://127.0.0.1:6081",
            "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone",
            "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
            "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID": "E123",
        }
    )
    assert backends["http"] == {"BACKEND": "edgecache.backends.HTTPBackend", "LOCATION": "http://127.0.0.1:6081"}
    assert backends["cloudflare"]["ZONEID"] == "zone" and backends["cloudflare"]["BEARER_TOKEN"] == "token"
    assert backends["cloudfront"]["DISTRIBUTION_ID"] == "E123"
    legacy = frontend_cache_from_env(
        {
            "FRONTEND_CACHE_CLOUDFLARE_ZONEID": "zone",
            "FRONTEND_CACHE_CLOUDFLARE_EMAIL": "web@example.org",
            "FRONTEND_CACHE_CLOUDFLARE_API_KEY": "key",
        }
    )
    assert legacy["cloudflare"]["EMAIL"] == "web@example.org" and legacy["cloudflare"]["API_KEY"] == "key"


@pytest.mark.parametrize(
    "env, message",
    [
        ({"FRONTEND_CACHE_LOCATION": "127.0.0.1:6081"}, "FRONTEND_CACHE_LOCATION"),
        ({"FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "t"}, "ZONEID"),
        ({"FRONTEND_CACHE_CLOUDFLARE_ZONEID": "z", "FRONTEND_CACHE_CLOUDFLARE_EMAIL": "e"}, "API_KEY"),
        ({"EDGE_CACHE_MAX_AGE": "ten"}, "EDGE_CACHE_MAX_AGE"),
    ],
)
def test_incomplete_settings_say_what_is_missing(monkeypatch, env, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_production_settings(monkeypatch, **env)


def test_production_reads_the_environment(monkeypatch):
    module = load_production_settings(monkeypatch, FRONTEND_CACHE_LOCATION="http://127.0.0.1:6081")
    assert module.WAGTAILFRONTENDCACHE["http"]["LOCATION"] == "http://127.0.0.1:6081"
    assert module.EDGECACHE_MAX_AGE == 600
    plain = load_production_settings(monkeypatch)
    assert plain.WAGTAILFRONTENDCACHE == {} and plain.EDGECACHE_MAX_AGE == 60
