"""Site search: Wagtail's search over live public pages, with editors' promotions."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from tests.factories import NetworkPageFactory


@pytest.fixture
def networks(site_pages, django_capture_on_commit_callbacks):
    """Landing page and three networks, indexed (index updates run when the transaction commits)."""
    _, landing = site_pages
    with django_capture_on_commit_callbacks(execute=True):
        pages = [
            NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities", summary="Cities across Europe."),
            NetworkPageFactory(
                parent=landing, title="Culture Next", slug="culture-next", summary="Culture-led change."
            ),
            NetworkPageFactory(
                parent=landing, title="Intercultural Cities", slug="icc", summary="Diversity and inclusion."
            ),
        ]
    return landing, pages


def result_titles(html):
    section = html.split('id="results-heading"', 1)[1] if 'id="results-heading"' in html else ""
    return re.findall(r'class="search-result__title"><a href="[^"]+">([^<]+)</a>', section)


def test_finds_pages_by_their_words(client, networks):
    response = client.get("/search/", {"q": "culture"})
    html = response.content.decode()
    assert response.status_code == 200
    assert set(result_titles(html)) == {"Culture Next"}
    assert "1 result for “culture”" in html
    assert "Culture-led change." in html  # each result's summary describes it
    assert "<title>Search results for “culture” | Leeds international networks</title>" in html
    assert '<meta name="robots" content="noindex">' in html


def test_no_results_says_so_and_suggests_what_to_do(client, networks):
    html = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "No results for “xylophone”" in html
    assert "Check the spelling" in html
    assert result_titles(html) == []


def test_empty_search_shows_just_the_form(client, networks):
    html = client.get("/search/").content.decode()
    assert '<label for="search-q">Search this site</label>' in html
    assert "results-heading" not in html
    assert "<title>Search | Leeds international networks</title>" in html


def test_drafts_private_and_unpublished_pages_are_not_found(client, networks, django_capture_on_commit_callbacks):
    landing, (eurocities, culture, icc) = networks
    with django_capture_on_commit_callbacks(execute=True):
        NetworkPageFactory(parent=landing, title="Secret draft", slug="draft", summary="Cities draft.", live=False)
        PageViewRestriction.objects.create(page=culture, restriction_type=PageViewRestriction.LOGIN)
        icc.unpublish()
    html = client.get("/search/", {"q": "cities"}).content.decode()
    assert set(result_titles(html)) == {"Eurocities"}


def test_results_are_paginated_with_links(client, site_pages, django_capture_on_commit_callbacks):
    _, landing = site_pages
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            NetworkPageFactory(parent=landing, title=f"Partnership {n}", slug=f"p-{n}", summary="A partnership.")
    first = client.get("/search/", {"q": "partnership"}).content.decode()
    assert len(result_titles(first)) == 10
    assert "12 results for “partnership”" in first
    assert '<ol class="search-results" start="1">' in first
    assert 'href="?q=partnership&amp;page=2" rel="next"' in first
    second = client.get("/search/", {"q": "partnership", "page": "2"}).content.decode()
    assert len(result_titles(second)) == 2
    assert '<ol class="search-results" start="11">' in second
    assert "(page 2 of 2)" in second  # a distinct title for each results page
    # A bad page number shows a page of results rather than an error.
    for bad in ("abc", "999", "-1"):
        assert client.get("/search/", {"q": "partnership", "page": bad}).status_code == 200


def test_promotions_come_first_and_skip_unpublished_pages(client, networks):
    landing, (eurocities, culture, icc) = networks
    query = Query.get("funding")
    SearchPromotion.objects.create(query=query, page=eurocities, description="Where Leeds works with Europe.")
    SearchPromotion.objects.create(
        query=query, external_link_url="https://example.org/funds", external_link_text="Funding guide"
    )
    SearchPromotion.objects.create(query=query, page=icc)
    icc.unpublish()
    html = client.get("/search/", {"q": "Funding"}).content.decode()
    recommended = html.split('id="promotions-heading"', 1)[1].split("</section>", 1)[0]
    assert "Eurocities" in recommended and "Where Leeds works with Europe." in recommended
    assert 'href="https://example.org/funds"' in recommended and "(external website)" in recommended
    assert "Intercultural Cities" not in recommended
    assert html.index("promotions-heading") < html.index("results-heading")


def test_query_count_does_not_grow_with_results(client, site_pages, django_capture_on_commit_callbacks):
    _, landing = site_pages

    def queries_for(count, word):
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(count):
                NetworkPageFactory(parent=landing, title=f"{word} {n}", slug=f"{word}-{n}", summary=f"About {word}.")
        with CaptureQueriesContext(connection) as captured:
            html = client.get("/search/", {"q": word}).content.decode()
        assert len(result_titles(html)) == count
        return len(captured)

    client.get("/search/", {"q": "warm up the caches"})
    assert queries_for(2, "alpha") == queries_for(8, "bravo")


def test_header_search_form_on_pages_but_not_twice_on_the_search_page(client, networks):
    landing, (eurocities, *_) = networks
    html = client.get(eurocities.url).content.decode()
    assert '<form class="site-search" role="search" aria-label="Site" action="/search/" method="get">' in html
    assert '<label class="visually-hidden" for="site-search-q">Search this site</label>' in html
    search_page = client.get("/search/", {"q": "cities"}).content.decode()
    assert search_page.count('role="search"') == 1
    assert 'value="cities"' in search_page


def test_very_long_or_odd_queries_are_safe(client, networks):
    response = client.get("/search/", {"q": "<script>alert(1)</script>" + "x" * 5000})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert client.get("/search/", {"q": "   "}).status_code == 200
    # Quotes and symbols are full-text operators to the database: they are dropped, the words kept.
    for odd in ('"culture', "culture*", "culture -", "(culture) ^", "\x00culture\u202e"):
        response = client.get("/search/", {"q": odd})
        assert response.status_code == 200, odd
        assert result_titles(response.content.decode()) == ["Culture Next"], odd
    html = client.get("/search/", {"q": '"><'}).content.decode()
    assert "No results for “&quot;&gt;&lt;”" in html
    assert client.post("/search/", {"q": "x"}).status_code == 405
