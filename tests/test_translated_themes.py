"""Themes in the visitor's language (issue 11): translated like any snippet, shown on /fr/, /de/, /zh-hans/.

Pages link the English themes (wagtail-localize copies a page's themes to its
translations as they are); visitors read each theme in the page's language
where it is translated, and in English, marked ``lang="en-GB"``, where it is
not. Expected names are written out here.
"""

import re

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize.models import Translation

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage, Theme
from seed.translations import TRANSLATIONS_DIR, Catalogue, ensure_locales, translate
from tests.editorial import make_approver, make_editor, signed_in_client


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def filter_names(html):
    """(name, lang) of each theme in the landing page's filter, in order ("All themes" left out)."""
    nav = re.search(r'<nav class="theme-filter".*?</nav>', html, re.S).group(0)
    return re.findall(r'\?theme=[^"]+"(?: aria-current="true")?(?: lang="([^"]+)")?>([^<]+)</a>', nav)


def card_tags(html, title):
    """The theme tags of the card of the network called ``title``: [(lang, name)…]."""
    card = re.search(rf'<li class="card">(?:(?!</li>).)*?>{re.escape(title)}</a>.*?</li>', html, re.S).group(0)
    return re.findall(r'<span class="tag"(?: lang="([^"]+)")?>([^<]+)</span>', card)


@pytest.fixture
def french(seeded):
    """The seeded English site with its pages translated into French through wagtail-localize; no theme translated."""
    locale = ensure_locales()["fr"]
    catalogue = Catalogue.load(TRANSLATIONS_DIR / "fr")
    english = Locale.objects.get(language_code="en-gb")
    home = HomePage.objects.get(locale=english)
    landing = InternationalStrategyPage.objects.get(locale=english)
    networks = sorted(NetworkPage.objects.filter(locale=english), key=lambda page: page.path)
    for page in [home, landing, *networks]:
        translate(page, locale, catalogue)
    return locale


def translate_theme(theme, language_code, name):
    """``theme`` translated through wagtail-localize (as seed_content does), with ``name``."""
    translate(theme, Locale.objects.get(language_code=language_code), Catalogue(by_text={theme.name: name}))
    return Theme.objects.get(translation_key=theme.translation_key, locale__language_code=language_code)


def test_translated_pages_link_the_english_themes(french):
    page = NetworkPage.objects.get(slug="eurocities", locale=french)
    english = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
    assert list(page.themes.order_by("pk")) == list(english.themes.order_by("pk"))
    assert {theme.locale.language_code for theme in page.themes.all()} == {"en-gb"}


def test_an_editor_translates_a_theme_in_the_admin_and_visitors_read_it(client, french):
    climate = Theme.objects.get(slug="climate")
    editor = signed_in_client(make_editor())
    # The snippet listing offers wagtail-localize's Translate action.
    submit = f"/admin/localize/submit/snippet/networks/theme/{climate.pk}/"
    assert submit in html_of(editor, "/admin/snippets/networks/theme/")
    assert editor.get(submit).status_code == 200
    response = editor.post(submit, {"locales": [french.pk]})
    assert response.status_code == 302
    french_climate = Theme.objects.get(translation_key=climate.translation_key, locale=french)
    assert french_climate.slug == "climate"
    assert response["Location"] == f"/admin/snippets/networks/theme/edit/{french_climate.pk}/"
    # Its edit view is the translation editor; the slug is not a string to translate.
    assert "wagtail-localize" in html_of(editor, response["Location"])
    translation = Translation.objects.get(source__object_id=climate.translation_key, target_locale=french)
    po = polib.pofile(html_of(editor, f"/admin/localize/translate/{translation.pk}/pofile/download/"))
    assert [entry.msgid for entry in po] == ["Climate"]
    po[0].msgstr = "Climat"
    upload = SimpleUploadedFile("climate.po", str(po).encode(), content_type="text/x-gettext-translation")
    url = f"/admin/localize/translate/{translation.pk}/pofile/upload/"
    assert editor.post(url, {"file": upload, "next": "/admin/"}).status_code == 302
    assert editor.post(response["Location"], {"action": "publish"}).status_code in (200, 302)
    assert Theme.objects.get(pk=french_climate.pk).name == "Climat"

    network = html_of(client, "/fr/international/eurocities/")
    assert '<a href="/fr/international/?theme=climate">Climat</a>' in network
    # Not translated yet: in English, marked as English for screen readers.
    assert '<a href="/fr/international/?theme=transport" lang="en-GB">Transport</a>' in network

    landing = html_of(client, "/fr/international/")
    assert ("", "Climat") in filter_names(landing)
    assert ("en-GB", "Health") in filter_names(landing)
    assert '<th scope="col">Climat</th>' in landing
    assert '<th scope="col" lang="en-GB">Culture</th>' in landing
    assert ("", "Climat") in card_tags(landing, "Eurocities")
    assert '<a href="/fr/international/?theme=climate">Climat</a>' in html_of(client, "/fr/")
    # English pages keep the English name.
    assert ("", "Climate") in filter_names(html_of(client, "/international/"))
    assert '<th scope="col">Climate</th>' in html_of(client, "/international/")


def test_theme_names_are_ordered_as_visitors_read_them(client, french):
    for theme, name in [("health", "Santé"), ("transport", "Transports"), ("climate", "Climat")]:
        translate_theme(Theme.objects.get(slug=theme), "fr", name)
    names = [name for _lang, name in filter_names(html_of(client, "/fr/international/"))]
    assert names == sorted(names, key=str.casefold)
    assert names.index("Climat") < names.index("Digital rights") < names.index("Santé") < names.index("Transports")
    tags = [name for _lang, name in card_tags(html_of(client, "/fr/international/"), "Eurocities")]
    assert tags == ["Children and young people", "Climat", "Economic development", "Santé", "Transports"]


def test_the_filter_works_by_the_english_slug_on_french_pages(client, french):
    translate_theme(Theme.objects.get(slug="climate"), "fr", "Climat")
    html = html_of(client, "/fr/international/?theme=climate")
    cards = re.findall(r'<h3 class="card__title"><a href="([^"]+)"', html)
    assert cards == ["/fr/international/eurocities/"]
    # French sets « » apart with no-break spaces.
    assert "1 réseau travaillant sur le thème «\u00a0climat\u00a0»." in html
    assert re.search(r'\?theme=climate" aria-current="true">Climat</a>', html)
    # An untranslated theme inside the French sentence is marked as English.
    html = html_of(client, "/fr/international/?theme=culture")
    assert 'travaillant sur le thème «\u00a0<span lang="en-GB">culture</span>\u00a0»' in html
    assert re.findall(r'<h3 class="card__title"><a href="([^"]+)"', html) == ["/fr/international/culture-next/"]


def test_a_theme_description_is_shown_in_the_visitors_language(client, french):
    climate = Theme.objects.get(slug="climate")
    climate.description = "Cutting the city's carbon emissions."
    climate.save()
    culture = Theme.objects.get(slug="culture")
    culture.description = "Arts and heritage."
    culture.save()
    catalogue = Catalogue(
        by_text={"Climate": "Climat", "Cutting the city's carbon emissions.": "Réduire les émissions."}
    )
    translate(climate, french, catalogue)
    assert "<p>Réduire les émissions.</p>" in html_of(client, "/fr/international/?theme=climate")
    assert '<p lang="en-GB">Arts and heritage.</p>' in html_of(client, "/fr/international/?theme=culture")
    assert "<p>Cutting the city&#x27;s carbon emissions.</p>" in html_of(client, "/international/?theme=climate")


def test_seeded_themes_read_in_each_language(client, seeded_translated):
    french = filter_names(html_of(client, "/fr/international/"))
    assert [name for _lang, name in french] == [
        "Climat",
        "Croissance inclusive",
        "Culture",
        "Développement économique",
        "Diversité",
        "Droits numériques",
        "Enfants et jeunes",
        "Santé",
        "Transports",
    ]
    assert {lang for lang, _name in french} == {""}
    assert ("", "Verkehr") in filter_names(html_of(client, "/de/international/"))
    assert ("", "气候") in filter_names(html_of(client, "/zh-hans/international/"))
    assert card_tags(html_of(client, "/de/"), "Culture Next") == [("", "Kultur")]
    assert '?theme=digital-rights">数字权利</a>' in html_of(
        client, "/zh-hans/international/cities-coalition-for-digital-rights/"
    )
    main = html_of(client, "/fr/international/").split("<main", 1)[1].split("</main>")[0]
    assert not re.search(r'\slang="en-GB"', main), "every theme is translated: none is marked as English"
    assert "1 Netzwerk zum Thema Gesundheit." in html_of(client, "/de/international/?theme=health")


def test_the_api_gives_theme_names_in_the_pages_language(client, seeded_translated):
    french = NetworkPage.objects.get(slug="culture-next", locale__language_code="fr")
    data = client.get(f"/api/v2/pages/{french.pk}/").json()
    assert data["themes"] == [{"name": "Culture", "slug": "culture"}]
    german = NetworkPage.objects.get(slug="eurocities", locale__language_code="de")
    names = [theme["name"] for theme in client.get(f"/api/v2/pages/{german.pk}/").json()["themes"]]
    assert names == sorted(["Verkehr", "Wirtschaftliche Entwicklung", "Gesundheit", "Klima", "Kinder und Jugendliche"])
    landing = InternationalStrategyPage.objects.get(locale__language_code="zh-hans")
    cards = client.get(f"/api/v2/pages/{landing.pk}/").json()["networks"]
    assert {"name": "数字权利", "slug": "digital-rights"} in next(
        card["themes"] for card in cards if card["title"] == "Cities Coalition for Digital Rights"
    )
    english = NetworkPage.objects.get(slug="culture-next", locale__language_code="en-gb")
    assert client.get(f"/api/v2/pages/{english.pk}/").json()["themes"] == [{"name": "Culture", "slug": "culture"}]


def theme_choices(html):
    return sorted(int(pk) for pk in re.findall(r'<input type="checkbox" name="themes" value="(\d+)"', html))


def test_the_page_editor_offers_only_the_english_themes(seeded_translated):
    editor = signed_in_client(make_editor())
    english = sorted(Theme.objects.filter(locale__language_code="en-gb").values_list("pk", flat=True))
    assert len(english) == 9 and Theme.objects.count() == 36
    page = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
    html = html_of(editor, f"/admin/pages/{page.pk}/edit/")
    assert theme_choices(html) == english
    assert "Climate" in html and not any(name in html for name in ("Santé", "Klima", "气候"))
    landing = page.get_parent()
    assert theme_choices(html_of(editor, f"/admin/pages/add/networks/networkpage/{landing.pk}/")) == english


def test_names_are_unique_per_language_with_a_clear_message(seeded_translated):
    # "Culture" is the French name and the English one: both exist.
    assert Theme.objects.filter(name="Culture").count() == 2
    approver = signed_in_client(make_approver())
    response = approver.post("/admin/snippets/networks/theme/add/?locale=en-gb", {"name": "Climate", "slug": "weather"})
    assert response.status_code == 200
    assert "A theme in this language already has this name." in response.content.decode()
    response = approver.post("/admin/snippets/networks/theme/add/?locale=en-gb", {"name": "Weather", "slug": "climate"})
    assert "A theme in this language already has this slug." in response.content.decode()
    assert not Theme.objects.filter(name="Weather").exists()
    # The same name in another language is fine.
    response = approver.post("/admin/snippets/networks/theme/add/?locale=fr", {"name": "Housing", "slug": "housing"})
    assert response.status_code == 302
    assert Theme.objects.get(name="Housing").locale.language_code == "fr"


def query_count(client, url):
    assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_translated_theme_names_cost_no_query(client, french, settings):
    settings.PAGECACHE_ENABLED = False
    paths = ["/", "/international/", "/international/?theme=climate", "/international/eurocities/"]
    before = [query_count(client, "/fr" + path) for path in paths]
    for slug, name in [("climate", "Climat"), ("health", "Santé")]:
        translate_theme(Theme.objects.get(slug=slug), "fr", name)
    assert "Santé" in html_of(client, "/fr/international/eurocities/")
    assert [query_count(client, "/fr" + path) for path in paths] == before
    assert before == [query_count(client, path) for path in paths]


def test_editors_find_each_languages_themes_in_the_listing(seeded_translated):
    editor = signed_in_client(make_editor())
    french = html_of(editor, "/admin/snippets/networks/theme/?locale=fr&q=Clim")
    assert "Climat" in french and "Klima" not in french
    assert "Santé" in html_of(editor, "/admin/snippets/networks/theme/?locale=fr")
    english = html_of(editor, "/admin/snippets/networks/theme/?locale=en-gb&q=Clim")
    assert "Climate" in english and "Climat<" not in english


@pytest.mark.django_db(transaction=True)
def test_themes_made_before_the_change_become_english_themes():
    executor = MigrationExecutor(connection)
    before = [("networks", "0008_theme_locale_fields")]
    executor.migrate(before)
    old_theme = executor.loader.project_state(before).apps.get_model("networks", "Theme")
    # As the themes were: no language, no translation key.
    old_theme.objects.create(name="Climate", slug="climate")
    old_theme.objects.create(name="Culture", slug="culture")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    themes = list(Theme.objects.order_by("name"))
    assert [(theme.name, theme.locale.language_code) for theme in themes] == [
        ("Climate", "en-gb"),
        ("Culture", "en-gb"),
    ]
    assert len({theme.translation_key for theme in themes}) == 2
