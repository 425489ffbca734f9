"""What a visitor reads around the content, in the language of the address (issue 11).

Pages are translated in the CMS; the words around them (headings the templates
write, buttons, form messages, dates) come from the catalogues in locale/.
Each test visits a French, German or Chinese address and reads the interface
text and dates there, written out here as a visitor would see them.
"""

import datetime

from django.conf import settings
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Locale

from core.unavailable import database_unavailable_response
from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage, Theme
from reports.forms import required_message, too_long_message
from reports.models import ReportFormField, ReportProblemPage
from seed.translations import Catalogue
from seed.translations import translate as translate_snippet
from tests.factories import translate
from tests.ops_support import unreachable_database

PUBLISHED = datetime.datetime(2026, 3, 5, 12, 0, tzinfo=datetime.UTC)
NBSP = "\u00a0"


def translated_network(language_code):
    """Eurocities in ``language_code``, last published on 5 March 2026."""
    english = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
    copy = translate(english, language_code, website="https://eurocities.eu/")
    NetworkPage.objects.filter(pk__in=[english.pk, copy.pk]).update(last_published_at=PUBLISHED)
    return copy


EXPECTED = [
    (
        "fr",
        "/fr/international/eurocities/",
        [
            '<html lang="fr" dir="ltr">',
            '<a href="#main-content" class="skip-link">Aller au contenu principal</a>',
            '<h2 id="details-heading">À propos de ce réseau</h2>',
            "Consulter le site web de Eurocities <span",
            f'Dernière mise à jour{NBSP}: <time datetime="2026-03-05">5 mars 2026</time>',
            '<nav class="breadcrumbs" aria-label="Fil d’Ariane">',
            '<a class="wordmark" href="/fr/">',
        ],
    ),
    (
        "de",
        "/de/international/eurocities/",
        [
            '<html lang="de" dir="ltr">',
            "Zum Hauptinhalt springen",
            '<h2 id="details-heading">Über dieses Netzwerk</h2>',
            "Website von Eurocities besuchen <span",
            'Zuletzt aktualisiert: <time datetime="2026-03-05">5. März 2026</time>',
            '<button class="site-search__button" type="submit">Suchen</button>',
        ],
    ),
    (
        "zh-hans",
        "/zh-hans/international/eurocities/",
        [
            '<html lang="zh-hans" dir="ltr">',
            "跳到主要内容",
            '<h2 id="details-heading">关于此网络</h2>',
            '最后更新： <time datetime="2026-03-05">2026年3月5日</time>',
            '<span class="external-marker">（外部网站）</span>',
        ],
    ),
]


def test_network_page_interface_and_dates_in_each_language(seeded, client):
    problems = []
    for language_code, url, expected in EXPECTED:
        translated_network(language_code)
        html = client.get(url).content.decode()
        problems += [f"{url} lacks {text!r}" for text in expected if text not in html]
        problems += [f"{url} has {text!r}" for text in ("Skip to main content", "Last updated") if text in html]
    assert not problems, "\n".join(problems)


def test_english_keeps_its_words_and_full_dates(seeded, client):
    translated_network("fr")
    html = client.get("/international/eurocities/").content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert 'Last updated: <time datetime="2026-03-05">5 March 2026</time>' in html
    assert "Skip to main content" in html


def test_last_updated_is_the_day_in_leeds_in_each_language(seeded, client, settings):
    # Published at 23:30 UTC on 30 June: already 1 July in Leeds (BST). The
    # day's words are kept per day and language (core_tags.last_updated).
    settings.PAGECACHE_ENABLED = False
    copy = translated_network("fr")
    late = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    NetworkPage.objects.filter(pk__in=[copy.pk, copy.get_translation(Locale.get_default()).pk]).update(
        last_published_at=late
    )
    english = client.get("/international/eurocities/").content.decode()
    french = client.get("/fr/international/eurocities/").content.decode()
    assert 'Last updated: <time datetime="2026-07-01">1 July 2026</time>' in english
    assert '<time datetime="2026-07-01">1 juillet 2026</time>' in french
    assert (
        'Last updated: <time datetime="2026-07-01">1 July 2026</time>'
        in client.get("/international/eurocities/").content.decode()
    )


def test_theme_names_inside_sentences_follow_each_language(seeded, client):
    # English and French write a theme in lower case mid-sentence; German keeps
    # the capital every noun has. The theme is translated as seed_content does it.
    landing = InternationalStrategyPage.objects.get(locale__language_code="en-gb")
    eurocities = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
    climate = Theme.objects.get(slug="climate", locale__language_code="en-gb")
    for language_code, name in [("fr", "Climat"), ("de", "Klima")]:
        translate(eurocities, language_code)
        translate_snippet(
            climate, Locale.objects.get(language_code=language_code), Catalogue(by_text={"Climate": name})
        )
    english = client.get(f"{landing.url}?theme=climate").content.decode()
    assert "1 network working on climate." in english
    french = client.get("/fr/international/?theme=climate").content.decode()
    assert f"1 réseau travaillant sur le thème «{NBSP}climat{NBSP}»." in french
    assert f"<title>Réseaux travaillant sur le thème «{NBSP}climat{NBSP}»{NBSP}:" in french
    assert f'qui travaillent sur le thème «{NBSP}climat{NBSP}».">' in french
    german = client.get("/de/international/?theme=climate").content.decode()
    assert "1 Netzwerk zum Thema Klima." in german
    assert "Netzwerke zum Thema Klima: " in german


def test_search_and_not_found_speak_the_language_of_their_address(seeded, client):
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    translate(home, "zh-hans")
    translate(home, "de")
    html = client.get("/zh-hans/search/?q=nothingmatchesthis").content.decode()
    assert "<h1>搜索</h1>" in html
    assert "没有与“nothingmatchesthis”相关的结果" in html
    assert "<title>“nothingmatchesthis”的搜索结果 | Leeds international networks</title>" in html
    # Nothing found, and no Chinese landing page to browse: the way on is the Chinese home page.
    assert '您也可以从<a href="/zh-hans/">首页</a>重新开始。' in html

    response = client.get("/de/gibt-es-nicht/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Seite nicht gefunden</h1>" in html
    assert '<a href="/de/search/">diese Website durchsuchen</a>' in html
    assert '<a href="/de/">Startseite</a>' in html


def test_report_form_messages_in_french(seeded, client):
    report = translate(ReportProblemPage.objects.get(locale__language_code="en-gb"), "fr")
    form = client.get(report.url)
    assert form.status_code == 200
    html = form.content.decode()
    assert "Sur quelle page se trouve le problème" in html
    assert '<button type="submit">Envoyer le signalement</button>' in html
    sent = client.post(
        f"/fr/send-report/{report.pk}/",
        {"page_address": "https://elsewhere.example/page", "your_email_address": "not an address"},
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    html = sent.content.decode()
    assert '<h2 id="error-summary-title">Il y a un problème</h2>' in html
    assert "<title>Erreur" in html
    assert "Saisissez l’adresse d’une page de ce site" in html
    assert "Saisissez une adresse e-mail au bon format, par exemple nom@example.com" in html


def test_unavailable_page_in_the_language_of_the_address(seeded, visitor):
    with unreachable_database():
        response = visitor.get("/fr/international/")
    assert response.status_code == 503
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "<h1>Désolés, le site est indisponible</h1>" in html
    assert '<a class="wordmark" href="/fr/">' in html


def test_unavailable_page_translates_without_the_database(django_db_blocker):
    """The catalogues are files: rendering the 503 in Chinese makes no query."""
    with django_db_blocker.block(), translation.override("zh-hans"):
        response = database_unavailable_response(RequestFactory().get("/zh-hans/"), OperationalError("refused"))
    assert "<h1>抱歉，网站暂时无法访问</h1>" in response.content.decode()


def test_form_messages_the_code_writes_follow_the_language():
    # Editors may word a question's "left empty" message themselves; otherwise the code does.
    answer = ReportFormField(label="Ihr Name", field_type="singleline", required_message="")
    choice = ReportFormField(label="Thema", field_type="radio", required_message="")
    with translation.override("de"):
        assert required_message(answer) == "Geben Sie Ihre Antwort auf „Ihr Name“ ein"
        assert required_message(choice) == "Wählen Sie Ihre Antwort auf „Thema“ aus"
    with translation.override("fr"):
        assert too_long_message("Votre message") % {"show_value": 5001} == (
            f"Votre réponse à «{NBSP}Votre message{NBSP}» doit comporter 5{NBSP}000 caractères au maximum. "
            f"Elle en comporte 5001{NBSP}: raccourcissez-la et envoyez-la à nouveau"
        )
    with translation.override(settings.LANGUAGE_CODE):
        assert required_message(answer) == "Enter your answer to “Ihr Name”"
