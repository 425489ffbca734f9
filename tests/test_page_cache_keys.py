"""The page cache keys only on the site's own host and the query parameters a view reads (issue 9, finding 9).

Otherwise anyone could fill the cache: every port after an allowed hostname,
and every made-up ``?theme=``, ``?page=`` or ``?q=`` on any page, made a new
stored copy. Each test counts what is stored, and tells a cached response from
a fresh one by its queries.
"""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pagecache import cache, middleware
from tests.factories import NetworkPageFactory, ThemeFactory


@pytest.fixture(autouse=True)
def empty_cache(settings):
    # The cache starts empty (conftest's _empty_caches deletes this run's keys
    # only: a clear() would FLUSHDB the Redis that other test workers share).
    settings.PAGECACHE_ENABLED = True


@pytest.fixture
def site(site_pages):
    home, landing = site_pages
    climate = ThemeFactory(name="Climate", slug="climate")
    network = NetworkPageFactory(parent=landing, title="Network A", slug="network-a", themes=[climate])
    return home, landing, network


def is_stored(url, host="testserver", scheme="http"):
    _generation, entry = cache.lookup(cache.page_key(f"{scheme}://{host}{url}"))
    return entry is not None


def served_from_cache(client, url, **extra):
    # Not told by the queries: a page rendered afresh from what is kept per
    # generation (core/memo.py) may need none either.
    with mock.patch.object(middleware, "rebuild", wraps=middleware.rebuild) as rebuilt:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return rebuilt.called


def requested_twice(client, url, **extra):
    """Whether the second of two identical requests came from the cache."""
    assert client.get(url, **extra).status_code == 200
    return served_from_cache(client, url, **extra)


def test_the_real_host_is_cached(client, site):
    _, landing, _ = site
    assert requested_twice(client, landing.url)
    assert is_stored(landing.url)


@pytest.mark.parametrize("host", ["testserver:8080", "testserver:1", "testserver:65535", "TESTSERVER:81"])
def test_a_made_up_port_is_rendered_fresh_and_not_stored(client, site, host):
    _, landing, _ = site
    assert not requested_twice(client, landing.url, HTTP_HOST=host)
    assert not is_stored(landing.url, host=host)
    assert not is_stored(landing.url, host=host.lower())


def test_the_default_port_and_case_share_one_copy(client, site):
    _, landing, _ = site
    assert client.get(landing.url).status_code == 200
    assert served_from_cache(client, landing.url, HTTP_HOST="testserver:80")
    assert served_from_cache(client, landing.url, HTTP_HOST="TestServer")


def test_the_servers_own_port_is_cached(client, site):
    # A server reached directly on its port (gunicorn on 127.0.0.1:8000, `make bench`).
    _, landing, _ = site
    extra = {"HTTP_HOST": "127.0.0.1:8000", "SERVER_PORT": "8000"}
    assert requested_twice(client, landing.url, **extra)
    assert not requested_twice(client, landing.url, HTTP_HOST="127.0.0.1:8001", SERVER_PORT="8000")


def test_a_wildcard_allowed_host_is_never_cached(client, site, settings):
    # ".example.org" lets any subdomain in: each would be its own copy.
    _, landing, _ = site
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, ".example.org"]
    assert not requested_twice(client, landing.url, HTTP_HOST="anything.example.org")
    assert requested_twice(client, landing.url)


def test_theme_is_cached_on_the_landing_page_only_for_real_themes(client, site):
    _, landing, network = site
    assert requested_twice(client, landing.url + "?theme=climate")
    for url in [
        landing.url + "?theme=no-such-theme",
        landing.url + "?theme=%20climate",
        network.url + "?theme=climate",
    ]:
        assert not requested_twice(client, url), url
        assert not is_stored(url.replace("%20", "+")), url


@pytest.mark.parametrize("query", ["?page=2", "?q=climate", "?page=1&q=x", "?q=a&theme=climate"])
def test_search_parameters_on_pages_are_rendered_fresh(client, site, query):
    home, landing, network = site
    for page in (home, landing, network):
        assert not requested_twice(client, page.url + query), page.url + query


def test_search_words_and_shown_page_are_cached(client, site):
    assert requested_twice(client, "/search/?q=network")
    assert requested_twice(client, "/search/?q=network&page=1")
    assert served_from_cache(client, "/search/?page=1&q=network")


@pytest.mark.parametrize(
    "query",
    ["?q=network&page=999", "?q=network&page=abc", "?q=network&page=01", "?q=%20network", "?q=&page=2", "?q=a&theme=x"],
)
def test_search_pages_not_shown_as_asked_are_not_stored(client, site, query):
    assert not requested_twice(client, "/search/" + query)


def test_a_flood_of_made_up_urls_stores_nothing(client, site):
    _, landing, network = site
    cache_db = caches["default"]
    assert client.get(landing.url).status_code == 200
    before = _stored_count(cache_db)
    for i in range(30):
        client.get(landing.url + f"?theme=t{i}")
        client.get(network.url + f"?page={i}")
        client.get(network.url, HTTP_HOST=f"testserver:{1000 + i}")
    assert _stored_count(cache_db) == before


def _stored_count(cache_db):
    keys = getattr(cache_db, "_cache", None)
    if keys is not None:  # local memory
        return sum(1 for key in keys if "pagecache:page:" in key)
    return len(list(cache_db.iter_keys("pagecache:page:*")))


def test_report_form_is_cached_per_page_of_the_site_only(client, site):
    # Every page's footer links the form with its own address in ?page=.
    from reports.models import ReportProblemPage

    home, landing, _ = site
    report = ReportProblemPage(title="Report a problem", slug="report-a-problem", introduction="x", thank_you_text="x")
    home.add_child(instance=report)
    assert requested_twice(client, f"{report.url}?page={landing.url}")
    assert requested_twice(client, f"{report.url}?page=/search/")
    for made_up in ("/no-such-page/", "/x1/", "https://elsewhere.example/", landing.url + "?a=b"):
        assert not requested_twice(client, report.url, data={"page": made_up}), made_up


# Campaign tags: a link shared on social media or in a newsletter carries
# ?utm_…, ?fbclid= or ?gclid=, a different one for every visitor. They change
# nothing on the page, so a spike of such visits is served from one copy.


@pytest.mark.parametrize(
    "tags", ["?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR2abc123", "?gclid=xyz&utm_campaign=press"]
)
def test_campaign_tags_share_the_pages_cached_copy(client, site, tags):
    _, landing, network = site
    for url in (landing.url, network.url, landing.url + "?theme=climate", "/search/?q=network"):
        joined = url + ("&" + tags[1:] if "?" in url else tags)
        plain = client.get(url)
        with CaptureQueriesContext(connection) as queries:
            tagged = client.get(joined)
        assert len(queries) == 0, joined
        assert tagged.content == plain.content, joined
        assert not is_stored(joined), joined


def test_a_tagged_first_visit_fills_the_plain_copy(client, site):
    _, _, network = site
    first = client.get(network.url + "?fbclid=first-visitor")
    assert first.status_code == 200
    assert is_stored(network.url)
    assert served_from_cache(client, network.url)
    assert served_from_cache(client, network.url + "?fbclid=second-visitor&utm_source=facebook")


def test_a_tagged_search_is_rendered_without_its_tags(client, site):
    # Search's language links repeat the address asked for: a fresh render
    # stored under the plain key must not carry the first visitor's tags.
    response = client.get("/search/?q=network&utm_source=visitor-one")
    assert response.status_code == 200
    assert b"visitor-one" not in response.content
    assert b"utm_source" not in response.content
    assert served_from_cache(client, "/search/?q=network")


def test_other_parameters_beside_campaign_tags_still_keep_a_page_fresh(client, site):
    _, landing, network = site
    assert not requested_twice(client, network.url + "?utm_source=x&theme=climate")
    assert not requested_twice(client, landing.url + "?theme=no-such-theme&fbclid=y")
    assert not requested_twice(client, network.url + "?UTM_SOURCE=x")


def test_signed_in_editors_see_the_address_as_sent(client, site, django_user_model):
    # The cache (and the tag stripping with it) is for visitors without a session only.
    editor = django_user_model.objects.create_user("editor", password="x")
    client.force_login(editor)
    _, _, network = site
    response = client.get(network.url + "?utm_source=x")
    assert response.status_code == 200
    assert response.wsgi_request.GET.get("utm_source") == "x"


def test_the_wsgi_environ_keeps_the_address_as_asked(site):
    # gunicorn's access log reads the environ: it must show the tags the visitor came with.
    from django.test import RequestFactory

    from pagecache.middleware import cacheable_url

    request = RequestFactory().get("/search/", {"q": "network", "utm_source": "x"})
    wsgi = request.environ
    assert cacheable_url(request, strip_tracking=True) == "http://testserver/search/?q=network"
    assert request.GET.dict() == {"q": "network"}
    assert wsgi["QUERY_STRING"] == "q=network&utm_source=x"


def test_varnish_strips_the_same_campaign_tags(settings):
    from pathlib import Path

    vcl = (Path(settings.BASE_DIR) / "varnish" / "default.vcl").read_text()
    assert f"([?&])({settings.PAGECACHE_TRACKING_PARAMS})=[^&]*" in vcl
