"""The seeded site in French, German and Simplified Chinese, as visitors and search engines see it (issue 11, section 4).

Built by `seed_content` through wagtail-localize from the PO files under
seed/content/translations/. Expected text is written out here.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from core.models import TranslationNotice
from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage, Theme
from tests.cache_checks import assert_from_cache, assert_rendered
from tests.factories import seed_site
from tests.test_edge_headers import RecordingBackend

LANGUAGES = {"": "en-GB", "/fr": "fr", "/de": "de", "/zh-hans": "zh-hans"}
NETWORK_SLUGS = [
    "eurocities",
    "cities-coalition-for-digital-rights",
    "culture-next",
    "oecd-champion-mayors-for-inclusive-growth",
    "intercultural-cities",
]


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def tags(html, name):
    return re.findall(rf"<{name}[^>]*>", html)


def test_seed_makes_the_locales_and_publishes_each_page_through_wagtail_localize(seeded_translated):
    assert set(Locale.objects.values_list("language_code", flat=True)) == {"en-gb", "fr", "de", "zh-hans"}
    for code in ("fr", "de", "zh-hans"):
        locale = Locale.objects.get(language_code=code)
        assert HomePage.objects.filter(locale=locale, live=True).count() == 1
        assert InternationalStrategyPage.objects.filter(locale=locale, live=True).count() == 1
        assert sorted(NetworkPage.objects.filter(locale=locale, live=True).values_list("slug", flat=True)) == sorted(
            NETWORK_SLUGS
        )
        # Through wagtail-localize: a synced translation for each, which editors go on working in.
        assert Translation.objects.filter(target_locale=locale, enabled=True).count() == 18
        assert Theme.objects.filter(locale=locale).count() == 9
    assert TranslationSource.objects.count() == 18  # seven pages, the notice, the footer and the nine themes


def test_seeded_pages_read_in_their_language_with_official_names(client, seeded_translated):
    french = html_of(client, "/fr/")
    assert "Leeds City Council travaille avec des villes d’Europe et du monde entier" in french
    german = html_of(client, "/de/international/")
    assert "<h1>Internationale Strategie</h1>" in german
    chinese = html_of(client, "/zh-hans/international/intercultural-cities/")
    assert "利兹是160多个不同国籍居民的家园" in chinese
    assert "<h1>Intercultural Cities</h1>" in chinese
    eurocities = html_of(client, "/fr/international/eurocities/")
    assert "<h1>Eurocities</h1>" in eurocities
    assert "Leeds City Council est membre du plus grand réseau de villes européennes, Eurocities." in eurocities
    assert "Capitale européenne de la culture" in html_of(client, "/fr/international/culture-next/")
    assert "<h1>OECD Champion Mayors for Inclusive Growth</h1>" in html_of(
        client, "/de/international/oecd-champion-mayors-for-inclusive-growth/"
    )


def snapshot():
    return (
        sorted(Page.objects.values_list("id", "path", "slug", "title", "live", "latest_revision_id")),
        sorted(TranslationNotice.objects.values_list("id", "locale_id", "text")),
        sorted(Theme.objects.values_list("id", "locale_id", "name", "slug")),
        Translation.objects.count(),
    )


def test_seeding_twice_changes_nothing(seeded_translated):
    before = snapshot()
    out = seed_site(translations=True)
    assert snapshot() == before
    assert "nothing changed" in out


def test_every_seeded_string_has_its_translation(db):
    """The shipped PO files cover the English seed content: no French, German or Chinese page shows English."""
    out = seed_site(translations=True)
    assert "Translated " in out
    missing = [line for line in out.splitlines() if line.startswith("No ") and " translation in " in line]
    assert missing == []


def test_a_string_without_a_translation_stays_english_and_is_reported(client, seeded):
    # The English seed content changed after the PO files were written.
    page = NetworkPage.objects.get(slug="culture-next")
    page.summary = "A summary the translators have not seen yet."
    page.save_revision().publish()
    out = seed_site(translations=True)
    assert (
        "No fr translation in seed/content/translations/fr/ for “A summary the translators have not seen yet.”" in out
    )
    html = html_of(client, "/fr/international/")
    assert "A summary the translators have not seen yet." in html
    assert "Le réseau rassemble des villes candidates, actuelles et passées" not in html
    # The rest of the page is French.
    assert "En 2017, Leeds se préparait" in html_of(client, "/fr/international/culture-next/")


@pytest.mark.parametrize(("prefix", "lang"), LANGUAGES.items())
def test_html_lang_is_the_pages_language(client, seeded_translated, prefix, lang):
    for path in ("/", "/international/", "/international/eurocities/", "/search/?q=Leeds"):
        html = html_of(client, prefix + path)
        assert f'<html lang="{lang}"' in html, prefix + path


def switcher(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, flags=re.S)
    assert nav, "no language switcher"
    return re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="([^"]+)"[^>]*>([^<]+)', nav.group(0))


def test_switcher_links_the_same_page_in_each_language_named_in_that_language(client, seeded_translated):
    links = switcher(html_of(client, "/de/international/culture-next/"))
    assert links == [
        ("/international/culture-next/", "en-GB", "en-GB", "English"),
        ("/fr/international/culture-next/", "fr", "fr", "Français"),
        ("/de/international/culture-next/", "de", "de", "Deutsch"),
        ("/zh-hans/international/culture-next/", "zh-hans", "zh-hans", "简体中文"),
    ]
    assert 'aria-current="page">Deutsch' in html_of(client, "/de/international/culture-next/")


def test_switcher_falls_back_to_each_languages_home_page(client, seeded_translated):
    # The privacy notice is in English only.
    links = switcher(html_of(client, "/privacy/"))
    assert [href for href, *_ in links] == ["/privacy/", "/fr/", "/de/", "/zh-hans/"]


def test_switcher_on_search_and_not_found(client, seeded_translated):
    links = switcher(html_of(client, "/fr/search/?q=Leeds"))
    assert [href for href, *_ in links] == [
        "/search/?q=Leeds",
        "/fr/search/?q=Leeds",
        "/de/search/?q=Leeds",
        "/zh-hans/search/?q=Leeds",
    ]
    missing = client.get("/zh-hans/no-such-page/")
    assert missing.status_code == 404
    html = missing.content.decode()
    assert '<html lang="zh-hans"' in html
    assert [href for href, *_ in switcher(html)] == ["/", "/fr/", "/de/", "/zh-hans/"]


def test_hreflang_alternates_x_default_and_canonical_per_language(client, seeded_translated):
    for prefix in LANGUAGES:
        html = html_of(client, f"{prefix}/international/eurocities/")
        assert f'<link rel="canonical" href="http://localhost{prefix}/international/eurocities/">' in html
        assert tags(html, 'link rel="alternate"') == [
            '<link rel="alternate" hreflang="en-GB" href="http://localhost/international/eurocities/">',
            '<link rel="alternate" hreflang="fr" href="http://localhost/fr/international/eurocities/">',
            '<link rel="alternate" hreflang="de" href="http://localhost/de/international/eurocities/">',
            '<link rel="alternate" hreflang="zh-hans" href="http://localhost/zh-hans/international/eurocities/">',
            '<link rel="alternate" hreflang="x-default" href="http://localhost/international/eurocities/">',
        ]
    # An English-only page has no alternates to offer.
    assert tags(html_of(client, "/privacy/"), 'link rel="alternate"') == []


def test_translated_pages_show_the_notice_linking_the_english_page(client, seeded_translated):
    french = html_of(client, "/fr/international/eurocities/")
    assert (
        '<p class="translation-notice">Cette page a été traduite de l’anglais. Seule la version anglaise fait foi. '
        '<a href="/international/eurocities/" hreflang="en-GB">Lire cette page en anglais</a></p>'
    ) in french
    assert "本页译自英文，以英文版本为准。" in html_of(client, "/zh-hans/")
    assert "Diese Seite wurde aus dem Englischen übersetzt" in html_of(client, "/de/international/")
    assert "translation-notice" not in html_of(client, "/international/eurocities/")


def test_editors_word_the_notice_per_language(client, seeded_translated):
    notice = TranslationNotice.objects.get(locale__language_code="de")
    notice.text = "Übersetzt aus dem Englischen. Es gilt die englische Fassung."
    notice.save()
    assert "Übersetzt aus dem Englischen. Es gilt die englische Fassung." in html_of(client, "/de/")


def test_sitemap_lists_every_translated_page_with_its_alternates(client, seeded_translated):
    xml = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    for prefix in LANGUAGES:
        for slug in NETWORK_SLUGS:
            assert f"http://localhost{prefix}/international/{slug}/" in locations
    entry = re.search(r"<url><loc>http://localhost/de/international/culture-next/</loc>.*?</url>", xml).group(0)
    assert re.findall(r'hreflang="([^"]+)" href="([^"]+)"', entry) == [
        ("en-GB", "http://localhost/international/culture-next/"),
        ("fr", "http://localhost/fr/international/culture-next/"),
        ("de", "http://localhost/de/international/culture-next/"),
        ("zh-hans", "http://localhost/zh-hans/international/culture-next/"),
        ("x-default", "http://localhost/international/culture-next/"),
    ]


def result_links(html):
    return re.findall(r'<h3 class="search-result__title"><a href="([^"]+)"', html)


def test_search_finds_pages_in_the_visitors_language(client, seeded_translated):
    french = result_links(html_of(client, "/fr/search/?q=villes"))
    assert "/fr/international/eurocities/" in french
    assert all(link.startswith("/fr/") for link in french)
    german = result_links(html_of(client, "/de/search/?q=Netzwerk"))
    assert german and all(link.startswith("/de/") for link in german)
    english = result_links(html_of(client, "/search/?q=network"))
    assert english and not any(link.startswith(("/fr/", "/de/", "/zh-hans/")) for link in english)


def test_theme_filter_works_in_every_language(client, seeded_translated):
    for prefix in LANGUAGES:
        html = html_of(client, f"{prefix}/international/?theme=culture")
        cards = re.findall(r'<h3 class="card__title"><a href="([^"]+)"', html)
        assert cards == [f"{prefix}/international/culture-next/"], prefix


def test_related_networks_are_other_networks_in_the_pages_own_language(client, seeded_translated):
    """Not the same network again in another language: each page's related cards are its own language's pages."""
    for prefix in LANGUAGES:
        html = html_of(client, f"{prefix}/international/eurocities/")
        related = html.split('id="related-heading"', 1)[1].split("</section>", 1)[0]
        links = re.findall(r'<a[^>]*href="([^"]+)"', related)
        assert links, prefix
        assert all(link.startswith(f"{prefix}/international/") for link in links), (prefix, links)
        assert f"{prefix}/international/eurocities/" not in links, prefix
        if not prefix:
            assert not any(link.startswith(("/fr/", "/de/", "/zh-hans/")) for link in links), links


def test_report_form_knows_the_page_a_translated_page_reports(client, seeded_translated):
    html = html_of(client, "/fr/international/eurocities/")
    report = re.search(r'<p class="report-problem"><a href="([^"]+)"', html).group(1)
    assert report == "/report-a-problem/?page=/fr/international/eurocities/"
    form = html_of(client, report)
    assert 'value="/fr/international/eurocities/"' in form


def test_the_page_cache_keeps_each_language_apart(client, seeded_translated):
    english = client.get("/international/eurocities/")
    assert_from_cache(client, "/international/eurocities/")
    french = assert_rendered(client, "/fr/international/eurocities/")
    assert '<html lang="fr"' in french.content.decode()
    assert english.content != french.content
    assert '<html lang="fr"' in assert_from_cache(client, "/fr/international/eurocities/").content.decode()
    # Publishing the French page empties the cache: the next visitor sees the change.
    page = NetworkPage.objects.get(slug="eurocities", locale__language_code="fr")
    page.summary = "Résumé modifié."
    page.save_revision().publish()
    assert "Résumé modifié." in assert_rendered(client, "/fr/international/").content.decode()


def test_publishing_a_translation_purges_its_urls_and_its_other_languages(
    seeded_translated, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_edge_headers.RecordingBackend"}}
    RecordingBackend.purged = []
    page = NetworkPage.objects.get(slug="eurocities", locale__language_code="fr")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    purged = set(RecordingBackend.purged)
    for url in (
        "/fr/international/eurocities/",
        "/fr/international/",
        "/fr/",
        "/fr/search/",
        # Their switchers and alternates list the languages it is live in.
        "/international/eurocities/",
        "/de/international/eurocities/",
        "/zh-hans/international/eurocities/",
    ):
        assert f"http://localhost{url}" in purged, url
    assert "http://localhost/de/international/culture-next/" not in purged


def query_count(client, url):
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


PAGES = ["/", "/international/", "/international/?theme=culture", "/international/eurocities/", "/search/?q=Leeds"]
# Per language, however many languages: a translated page costs what its English page
# costs (test_query_budget.py pins those). Its switcher, alternates, footer and menu come
# with the routing query (core/pagetree.py); its notice is kept per cache generation (core/memo.py).
BUDGET = 8


def test_query_counts_are_fixed_per_language_whatever_the_number_of_languages(client, seeded_translated, settings):
    settings.PAGECACHE_ENABLED = False
    counts = {prefix: [query_count(client, prefix + path) for path in PAGES] for prefix in LANGUAGES}
    assert counts["/de"] == counts["/zh-hans"] == counts["/fr"], counts
    # A fifth language with its own pages changes no page's count.
    locale = Locale.objects.create(language_code="pl")
    home = HomePage.objects.get(locale__language_code="en-gb")
    home.copy_for_translation(locale).save_revision().publish()
    settings.LANGUAGES = [*settings.LANGUAGES, ("pl", "Polski")]
    settings.WAGTAIL_CONTENT_LANGUAGES = settings.LANGUAGES
    again = {prefix: [query_count(client, prefix + path) for path in PAGES] for prefix in LANGUAGES}
    assert again == counts
    assert counts["/fr"] == counts[""], counts
    assert max(counts[""]) <= BUDGET, counts
