"""Languages: English at today's addresses, the others under /fr/, /de/, /zh-hans/ (issue 11).

The language comes from the URL's prefix only: a visitor's browser language
never redirects them or changes what an address shows, so the page cache and
a CDN can keep one copy per address. An address in a language whose home
page does not exist is not found, never the English page.
"""

import pytest
from django.conf import settings
from wagtail.models import Locale, Page

from leedsnetworks.settings.base import site_languages
from tests.factories import NetworkPageFactory, translate


@pytest.fixture
def french(site_pages):
    home, landing = site_pages
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities")
    network.save_revision().publish()
    french_network = translate(network, "fr", title="Eurocities (en français)", summary="Le réseau des villes.")
    return home, landing, network, french_network


def test_the_languages_are_a_setting():
    assert settings.LANGUAGE_CODE == "en-gb"
    assert [code for code, _ in settings.LANGUAGES] == ["en-gb", "fr", "de", "zh-hans"]
    assert dict(settings.LANGUAGES) == {"en-gb": "English", "fr": "Français", "de": "Deutsch", "zh-hans": "简体中文"}
    assert settings.WAGTAIL_CONTENT_LANGUAGES == settings.LANGUAGES
    assert settings.WAGTAIL_I18N_ENABLED is True


def test_site_languages_from_the_environment_adds_polish_and_urdu():
    # SITE_LANGUAGES is read through this function (leedsnetworks/settings/base.py).
    languages = site_languages("fr, pl,ur,xx:Ex Lang")
    # English, the default, comes first even when the list leaves it out.
    assert languages == [("en-gb", "English"), ("fr", "Français"), ("pl", "Polski"), ("ur", "اردو"), ("xx", "Ex Lang")]


def test_english_stays_at_todays_addresses(client, french):
    home, landing, network, _ = french
    assert network.url == "/international/eurocities/"
    response = client.get("/international/eurocities/")
    assert response.status_code == 200
    assert '<html lang="en-GB"' in response.content.decode()


def test_french_page_at_fr_prefix_with_its_language(client, french):
    *_, french_network = french
    assert french_network.url == "/fr/international/eurocities/"
    response = client.get("/fr/international/eurocities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert "Eurocities (en français)" in html
    assert response["Content-Language"] == "fr"
    assert client.get("/fr/").status_code == 200


def test_browser_language_never_changes_or_redirects_an_address(client, french):
    english = client.get("/international/eurocities/")
    for headers in ({"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "zh-CN"}):
        response = client.get("/international/eurocities/", **headers)
        assert response.status_code == 200
        assert response.content == english.content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get("/international/eurocities/").content == english.content


@pytest.mark.parametrize("url", ["/international/eurocities/", "/fr/international/eurocities/", "/search/?q=x"])
def test_no_vary_on_accept_language(client, french, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "accept-language" not in response.get("Vary", "").lower()


def test_untranslated_page_is_not_found_in_french(client, french):
    _, landing, _, _ = french
    english_only = NetworkPageFactory(parent=landing, title="Culture Next", slug="culture-next")
    english_only.save_revision().publish()
    assert client.get("/international/culture-next/").status_code == 200
    assert client.get("/fr/international/culture-next/").status_code == 404


def test_language_without_a_home_page_is_not_found_never_english(client, french):
    # German is a site language but has no pages yet: /de/ must not show the English home.
    for url in ("/de/", "/de/international/eurocities/", "/zh-hans/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert '<html lang="en-GB"' not in response.content.decode(), url


def test_unpublished_french_home_is_not_found(client, french):
    home, *_ = french
    Page.objects.get(pk=home.get_translation(Locale.objects.get(language_code="fr")).pk).unpublish()
    assert client.get("/fr/").status_code == 404
    assert client.get("/").status_code == 200


def test_search_report_and_404_answer_under_each_prefix(client, french):
    response = client.get("/fr/search/?q=Eurocities")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr"' in html
    assert 'href="/fr/international/eurocities/"' in html
    missing = client.get("/fr/no-such-page/")
    assert missing.status_code == 404
    assert '<html lang="fr"' in missing.content.decode()


def test_search_finds_pages_in_the_language_of_the_address(client, french):
    english = client.get("/search/?q=Eurocities").content.decode()
    assert 'href="/international/eurocities/"' in english
    assert 'href="/fr/international/eurocities/"' not in english
    french_results = client.get("/fr/search/?q=Eurocities").content.decode()
    assert 'href="/international/eurocities/"' not in french_results


def test_page_cache_keeps_languages_apart(client, french):
    english = client.get("/international/eurocities/")
    french_page = client.get("/fr/international/eurocities/")
    assert english.content != french_page.content
    # Both now cached: each address answers with its own language.
    assert '<html lang="en-GB"' in client.get("/international/eurocities/").content.decode()
    assert '<html lang="fr"' in client.get("/fr/international/eurocities/").content.decode()
