"""Property-based fuzzing: no query string on any public URL, and no report-form post, gets a 5xx.

Hypothesis draws the input; example counts are bounded so the suite stays fast.
"""

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.models import Page

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Parameter names the site reads, plus ones it does not.
PARAM_NAMES = st.one_of(
    st.sampled_from(["q", "page", "theme", "p", "utm_source", "format", "next", "lang"]),
    st.text(min_size=1, max_size=20),
)
# Text a person, a bot or an attacker might send: any Unicode (no lone surrogates, which no
# client can encode), hostile snippets and numbers out of range.
VALUES = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            '"unbalanced',
            "NEAR(a b)",
            "*",
            "../../etc/passwd",
            "%00",
            "\x00",
            "-1",
            "0",
            "99999999999999999999999",
            "1e400",
            "a" * 3000,
        ]
    ),
    st.integers().map(str),
)
QUERIES = st.lists(st.tuples(PARAM_NAMES, VALUES), max_size=4)
# Raw query strings, including broken percent-encoding and invalid UTF-8 bytes.
RAW_QUERIES = st.lists(
    st.one_of(
        st.sampled_from(["%", "%Z", "%ZZ", "%C0%AF", "%ED%A0%80", "%FF", "&", "=", "==", "[]", "q", "theme", "page"]),
        st.text(alphabet="abcxyz019-_.~+", max_size=8),
    ),
    max_size=12,
).map("".join)


def public_urls():
    """Every live public page, plus the site's own non-page URLs."""
    pages = [page.url for page in Page.objects.live().public().specific() if page.url]
    return sorted(set(pages)) + [reverse("search")]


@pytest.fixture
def client_and_urls(seeded):
    urls = public_urls()
    # The seeded site: home, landing, the networks, the support pages, and search.
    assert {"/", "/international/", "/search/"} <= set(urls)
    assert len(urls) >= 8
    return Client(), urls


def assert_no_server_error(response, url):
    assert response.status_code < 500, (url, response.status_code)


@FUZZ
@given(data=st.data(), query=QUERIES)
def test_query_parameters_on_every_public_url(client_and_urls, data, query):
    client, urls = client_and_urls
    url = data.draw(st.sampled_from(urls))
    response = client.get(url, query)
    assert_no_server_error(response, url)


@FUZZ
@given(data=st.data(), raw=RAW_QUERIES)
def test_raw_query_strings_on_every_public_url(client_and_urls, data, raw):
    client, urls = client_and_urls
    url = data.draw(st.sampled_from(urls))
    response = client.get(url, QUERY_STRING=raw)
    assert_no_server_error(response, f"{url}?{raw}")


@FUZZ
@given(query=VALUES, page=VALUES)
def test_search_terms(client_and_urls, query, page):
    client, urls = client_and_urls
    response = client.get(reverse("search"), {"q": query, "page": page})
    assert response.status_code == 200, (query, page, response.status_code)


@FUZZ
@given(theme=VALUES)
def test_theme_filter(client_and_urls, theme):
    client, urls = client_and_urls
    response = client.get("/international/", {"theme": theme})
    assert response.status_code == 200, (theme, response.status_code)


@FUZZ
@given(segment=st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_unknown_paths(client_and_urls, segment):
    client, urls = client_and_urls
    path = "/" + quote(segment, safe="") + "/"
    response = client.get(path)
    assert_no_server_error(response, path)


@pytest.fixture
def report_form(seeded, settings):
    from reports.models import ReportProblemPage

    # Enough headroom that the fuzzer reaches the form's validation, not just the rate limit.
    settings.REPORT_PROBLEM_RATE_LIMIT = (10_000, 60 * 60)
    page = ReportProblemPage.objects.live().get()
    fields = [field.clean_name for field in page.get_form_fields()]
    assert fields, "the seeded report form has fields"
    return Client(), page, fields + ["page_address", "homepage"]


@FUZZ
@given(data=st.data(), extra=QUERIES)
def test_report_form_posts(report_form, data, extra):
    client, page, fields = report_form
    post = {name: data.draw(VALUES, label=name) for name in fields if data.draw(st.booleans(), label=f"send {name}")}
    post.update(dict(extra))
    for url in (page.url, reverse("report_problem_send", args=(page.pk,))):
        response = client.post(url, post)
        assert_no_server_error(response, url)


@FUZZ
@given(address=VALUES)
def test_report_form_page_parameter(report_form, address):
    client, page, fields = report_form
    response = client.get(page.url, {"page": address})
    assert response.status_code == 200, (address, response.status_code)
    assert "<script>alert(1)</script>" not in response.content.decode()
