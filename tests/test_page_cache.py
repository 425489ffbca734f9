"""Anonymous page views come from the shared cache, and editors' changes show at once.

Each test tells a cached response from a fresh one by the cache rebuilding a
stored answer, which must also run no query (tests/cache_checks.py). With
REDIS_URL set (as in CI) these run against real Redis.
"""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from core import memo
from leedsnetworks.settings.base import redis_cache
from pagecache import cache
from pagecache.middleware import PageCacheMiddleware
from tests.cache_checks import assert_from_cache, assert_rendered, warm
from tests.editorial import landing_form
from tests.factories import NetworkPageFactory, ThemeFactory
from tests.site_crawl import card_titles


@pytest.fixture
def site(site_pages):
    home, landing = site_pages
    climate = ThemeFactory(name="Climate", slug="climate")
    a = NetworkPageFactory(parent=landing, title="Network A", slug="network-a", themes=[climate])
    b = NetworkPageFactory(parent=landing, title="Network B", slug="network-b")
    c = NetworkPageFactory(parent=landing, title="Network C", slug="network-c")
    return home, landing, (a, b, c), climate


@pytest.fixture
def editor(editor_client):
    """A client signed in to the admin as a superuser."""
    return editor_client


def test_cached_response_is_identical_to_the_fresh_one(client, site):
    home, landing, (a, _, _), _ = site
    for url in [home.url, landing.url, landing.url + "?theme=climate", a.url]:
        fresh = assert_rendered(client, url)
        assert fresh.status_code == 200
        cached = assert_from_cache(client, url)
        assert cached.content == fresh.content
        assert dict(cached.headers) == dict(fresh.headers)
        assert not fresh.cookies and not cached.cookies


def test_theme_filter_variants_are_cached_separately(client, site):
    _, landing, _, _ = site
    ThemeFactory(name="Culture", slug="culture")
    warm(client, landing.url, landing.url + "?theme=climate", landing.url + "?theme=culture")
    assert card_titles(assert_from_cache(client, landing.url)) == [
        "Network A",
        "Network B",
        "Network C",
    ]
    assert card_titles(assert_from_cache(client, landing.url + "?theme=climate")) == ["Network A"]


def test_published_edit_shows_on_every_page_at_once(client, editor, site):
    """The landing page's title appears on itself, in the home page's link to it and in breadcrumbs."""
    home, landing, (a, _, _), _ = site
    warm(client, home.url, landing.url, landing.url + "?theme=climate", a.url)

    edit_url = reverse("wagtailadmin_pages:edit", args=(landing.pk,))
    data = landing_form(title="Leeds in the world", introduction="Our new introduction.", body=[])
    data["action-publish"] = "1"
    response = editor.post(edit_url, data)
    assert response.status_code == 302, response.content[:3000]

    for url in [home.url, landing.url, landing.url + "?theme=climate", a.url]:
        assert "Leeds in the world" in assert_rendered(client, url).content.decode(), url
    assert "Leeds in the world: every network and how Leeds takes part" in client.get(home.url).content.decode()
    assert "Our new introduction." in client.get(landing.url).content.decode()
    assert_from_cache(client, home.url)


def test_unpublish_in_admin_removes_the_card_at_once(client, editor, site):
    _, landing, (a, b, _), _ = site
    warm(client, landing.url, b.url)
    response = editor.post(reverse("wagtailadmin_pages:unpublish", args=(b.pk,)))
    assert response.status_code == 302
    assert card_titles(client.get(landing.url)) == ["Network A", "Network C"]
    assert client.get(b.url).status_code == 404


def test_delete_in_admin_removes_the_card_at_once(client, editor, site):
    _, landing, (_, _, c), _ = site
    warm(client, landing.url, c.url)
    response = editor.post(reverse("wagtailadmin_pages:delete", args=(c.pk,)))
    assert response.status_code == 302
    assert card_titles(client.get(landing.url)) == ["Network A", "Network B"]
    assert client.get(c.url).status_code == 404


def test_reordering_in_admin_reorders_the_cards_at_once(client, editor, site):
    _, landing, (_, _, c), _ = site
    warm(client, landing.url)
    response = editor.post(reverse("wagtailadmin_pages:set_page_position", args=(c.pk,)) + "?position=0")
    assert response.status_code == 200
    assert card_titles(client.get(landing.url)) == ["Network C", "Network A", "Network B"]


def test_move_shows_at_once(client, site):
    # What the admin's move action runs: tree paths change by UPDATE, with no post_save.
    _, landing, (a, _, c), _ = site
    warm(client, landing.url)
    c.move(a, pos="left")
    assert card_titles(client.get(landing.url)) == ["Network C", "Network A", "Network B"]


def test_renaming_a_theme_in_admin_shows_at_once(client, editor, site):
    _, landing, (a, _, _), climate = site
    warm(client, landing.url, landing.url + "?theme=climate", a.url)
    url = reverse("wagtailsnippets_networks_theme:edit", args=(climate.pk,))
    response = editor.post(url, {"name": "Climate action", "slug": "climate", "description": ""})
    assert response.status_code == 302, response.content[:3000]
    for page_url in [landing.url, landing.url + "?theme=climate", a.url]:
        assert "Climate action" in client.get(page_url).content.decode(), page_url


def test_making_a_page_private_hides_it_at_once(client, site):
    _, landing, (a, _, _), _ = site
    warm(client, landing.url, a.url)
    PageViewRestriction.objects.create(page=a, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(a.url).status_code == 302  # to the login page
    assert card_titles(client.get(landing.url)) == ["Network B", "Network C"]


def test_changing_site_settings_shows_at_once(client, site):
    from wagtail.contrib.settings.registry import registry

    home, _, _, _ = site
    warm(client, home.url)
    models = list(registry)
    assert models, "no site settings are registered"
    for model in models:
        obj = model.load() if hasattr(model, "load") else model.for_site(home.get_site())
        obj.save()
        assert_rendered(client, home.url)
        assert_from_cache(client, home.url)


def test_editors_are_never_served_or_stored(client, editor, site):
    _, landing, _, _ = site
    warm(client, landing.url)
    # The editor's page has the admin user bar; it comes fresh and is not stored.
    for _ in range(2):
        response = assert_rendered(editor, landing.url)
        assert "wagtail-userbar" in response.content.decode()
    assert "wagtail-userbar" not in assert_from_cache(client, landing.url).content.decode()


def test_previews_are_never_served_or_stored(site):
    _, _, (a, _, _), _ = site
    a.summary = "A draft summary nobody has published."
    a.save_revision()
    # The host the preview request is built for: the site's own.
    client = Client(HTTP_HOST=a.get_site().hostname)
    warm(client, a.url)
    # Wagtail renders previews (and moderators' views of a revision) by running
    # the middleware on a request for the page's own URL, with no cookies.
    preview = a.get_latest_revision_as_object().make_preview_request()
    assert "A draft summary nobody has published." in preview.content.decode()
    live = assert_from_cache(client, a.url).content.decode()
    assert "A draft summary nobody has published." not in live
    assert "Summary of Network A." in live


def test_posts_are_never_served_or_stored(client, site):
    _, landing, _, _ = site
    client.post(landing.url)
    # The POST was not stored: the first GET is rendered.
    assert_rendered(client, landing.url)
    assert_from_cache(client, landing.url)
    with CaptureQueriesContext(connection) as queries:
        client.post(landing.url)
    assert len(queries) > 0


@pytest.mark.parametrize(
    "query",
    ["?ref=newsletter", "?theme=climate&ref=x", "?theme=climate&theme=culture", "?q=" + "x" * 300],
)
def test_other_query_strings_are_never_served_or_stored(client, site, query):
    # Campaign tags (?utm_…, ?fbclid=) are the exception: tests/test_page_cache_keys.py.
    _, landing, _, _ = site
    assert_rendered(client, landing.url + query)
    assert_rendered(client, landing.url + query)


def test_query_parameter_order_does_not_matter(client, site):
    # Search reads both; other pages read neither (tests/test_page_cache_keys.py).
    warm(client, "/search/?q=network&page=1")
    assert_from_cache(client, "/search/?page=1&q=network")


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "_ga"])
def test_requests_with_cookies_other_than_csrf_bypass_the_cache(client, site, cookie):
    _, landing, _, _ = site
    warm(client, landing.url)
    client.cookies[cookie] = "something"
    assert_rendered(client, landing.url)
    assert_rendered(client, landing.url)


def test_csrf_cookie_alone_is_served_from_cache(client, site):
    # A visitor who has opened the report form carries the CSRF cookie; cached pages hold no token.
    _, landing, _, _ = site
    warm(client, landing.url)
    client.cookies["csrftoken"] = "x" * 32
    assert_from_cache(client, landing.url)


def landing_middleware(landing, response_factory):
    """The middleware around a view for the landing page's URL, counting calls."""
    calls = []

    def view(request):
        calls.append(request)
        return response_factory()

    return PageCacheMiddleware(view), RequestFactory().get(landing.url), calls


@pytest.mark.parametrize(
    "make_response",
    [
        pytest.param(lambda: _with_cookie(HttpResponse("form")), id="sets-a-cookie"),
        pytest.param(lambda: _with_header(HttpResponse("x"), "Vary", "Accept-Language"), id="varies"),
        pytest.param(lambda: _with_header(HttpResponse("x"), "Cache-Control", "private"), id="private"),
        pytest.param(lambda: _with_header(HttpResponse("x"), "Cache-Control", "no-store"), id="no-store"),
        pytest.param(lambda: HttpResponse("not found", status=404), id="404"),
        pytest.param(lambda: HttpResponse("moved", status=302), id="redirect"),
    ],
)
def test_responses_that_set_cookies_or_vary_are_never_stored(site, make_response):
    _, landing, _, _ = site
    middleware, request, calls = landing_middleware(landing, make_response)
    middleware(request)
    middleware(RequestFactory().get(landing.url))
    assert len(calls) == 2


def test_plain_response_is_stored(site):
    # The control for the test above: the same path stores an ordinary page.
    _, landing, _, _ = site
    middleware, request, calls = landing_middleware(landing, lambda: _with_header(HttpResponse("x"), "Vary", "Cookie"))
    middleware(request)
    response = middleware(RequestFactory().get(landing.url))
    assert len(calls) == 1
    assert response.content == b"x" and response["Vary"] == "Cookie" and not response.cookies


def _with_cookie(response):
    response.set_cookie("csrftoken", "abc")
    return response


def _with_header(response, name, value):
    response[name] = value
    return response


def test_page_rendered_during_a_publish_is_not_kept(site):
    """A request that read the generation before a publish stores a page nobody will be served."""
    generation, entry = cache.lookup(cache.page_key("http://testserver/x/"))
    assert entry is None
    cache.invalidate()
    cache.store(cache.page_key("http://testserver/x/"), generation, (200, [], b"old"), 60)
    assert cache.lookup(cache.page_key("http://testserver/x/"))[1] is None


def test_site_serves_uncached_when_redis_is_down(client, site, settings):
    # The production cache settings, pointed at a port where nothing listens.
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0")}
    home, landing, (a, _, _), _ = site
    for _ in range(2):
        for url in [home.url, landing.url, a.url]:
            assert assert_rendered(client, url).status_code == 200
    # Publishing still works; the new generation simply is not stored.
    a.save_revision().publish()
    assert client.get(a.url).status_code == 200


def test_a_miss_asks_for_the_generation_once_not_again_to_render(client, site, monkeypatch):
    """The page cache reads the generation with the page; the render's kept data reuses it (memo.known_generation)."""
    asked = []
    ask = memo._generation
    monkeypatch.setattr(memo, "_generation", lambda: asked.append(1) or ask())
    network = site[2][0]
    response = client.get(network.url)
    assert response.status_code == 200 and asked == []
    assert_from_cache(client, network.url)
    # Not for the cache (an unknown parameter): the render asks for it itself.
    assert client.get(network.url + "?fresh=1").status_code == 200
    assert asked == [1]
