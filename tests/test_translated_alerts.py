"""Site alerts in the visitor's language (issue 11): translated with wagtail-localize like any snippet.

The English alert decides whether an alert shows, when and how urgently, on
every language's pages; a live translation gives only its words. Where nobody
has translated it yet, the English words show, marked ``lang="en-GB"``, so an
urgent closure is never hidden from a French reader for want of a translation.
"""

import datetime
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale
from wagtail_localize.models import (
    OverridableSegment,
    SegmentOverride,
    StringTranslation,
    Translation,
    TranslationSource,
)

from alerts.models import Alert
from networks.models import InternationalStrategyPage
from tests.editorial import make_approver, make_editor, signed_in_client
from tests.factories import translate
from tests.test_edge_headers import RecordingBackend
from tests.test_site_alerts import START, Clock, edit_url, published_alert

NBSP = "\u00a0"


@pytest.fixture
def clock(monkeypatch):
    """The time as tests/test_site_alerts.py sets it: START, moved on by the test."""
    return Clock(monkeypatch, START)


@pytest.fixture
def languages(seeded, clock):
    """The English seeded site with its landing page (and so home page) in French and German, at START."""
    landing = InternationalStrategyPage.objects.get()
    translate(landing, "fr")
    translate(landing, "de")
    return landing


def alert_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    found = re.search(r'<div class="site-alerts".*?</div>\s*</div>\s*</div>', html, re.S)
    return found.group(0) if found else ""


def closure(**fields):
    values = {
        "message": "The Civic Hall is closed on Friday.",
        "level": "urgent",
        "link_url": "https://www.leeds.gov.uk/closures",
        "link_text": "Read about the closure",
        "starts_at": START - datetime.timedelta(minutes=5),
        "ends_at": START + datetime.timedelta(hours=2),
    }
    values.update(fields)
    return published_alert(**values)


def submit_for_translation(client, alert, language_code):
    locale = Locale.objects.get(language_code=language_code)
    url = f"/admin/localize/submit/snippet/alerts/alert/{alert.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"locales": [locale.id]}).status_code == 302
    return Translation.objects.get(source__object_id=alert.translation_key, target_locale=locale)


def fill_in(translation, words):
    """The translator's words for each English string (as the translation editor saves them)."""
    for segment in translation.source.stringsegment_set.select_related("string"):
        if segment.string.data in words:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=translation.target_locale,
                context=segment.context,
                defaults={"data": words[segment.string.data]},
            )


FRENCH = {
    "The Civic Hall is closed on Friday.": "Le Civic Hall est fermé vendredi.",
    "Read about the closure": "En savoir plus sur la fermeture",
}


def test_an_untranslated_alert_shows_in_english_marked_as_english(client, languages):
    closure()
    html = alert_html(client, "/fr/international/")
    # The level is the page's interface text, in French; the words are English and say so.
    assert f"<strong>Urgent{NBSP}:</strong>" in html
    assert '<span lang="en-GB">The Civic Hall is closed on Friday.</span>' in html
    assert (
        '<span lang="en-GB">Read about the closure</span> <span class="external-marker">(site externe)</span>' in html
    )
    english = alert_html(client, "/international/")
    assert "<strong>Urgent:</strong> The Civic Hall is closed on Friday." in english
    assert "lang=" not in english


def test_translator_translates_an_alert_an_approver_publishes_it_and_french_visitors_read_it(client, languages):
    alert = closure()
    approver = signed_in_client(make_approver())
    translation = submit_for_translation(approver, alert, "fr")
    french = Alert.objects.get(locale__language_code="fr")
    assert french.translation_key == alert.translation_key
    # A new translation is a draft until an approver publishes it: meanwhile the English
    # words show, marked as English.
    html = alert_html(client, "/fr/international/")
    assert '<span lang="en-GB">The Civic Hall is closed on Friday.</span>' in html
    assert '<span lang="en-GB">Read about the closure</span>' in html
    fill_in(translation, FRENCH)
    # Editors translate but do not publish: the translation editor refuses them.
    editor = signed_in_client(make_editor())
    editor.post(edit_url(french), {"action": "publish"})
    assert "Le Civic Hall" not in alert_html(client, "/fr/international/")
    response = approver.post(edit_url(french), {"action": "publish"})
    assert response.status_code == 302

    html = alert_html(client, "/fr/international/")
    assert f"<strong>Urgent{NBSP}:</strong> Le Civic Hall est fermé vendredi." in html
    assert ">En savoir plus sur la fermeture <span" in html
    assert "lang=" not in html
    # English unchanged; German (no translation) English, marked as such.
    assert "The Civic Hall is closed on Friday." in alert_html(client, "/international/")
    assert '<span lang="en-GB">The Civic Hall is closed on Friday.</span>' in alert_html(client, "/de/international/")


def test_words_a_translator_left_in_english_are_marked_as_english(client, languages):
    alert = closure()
    french = alert.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.message = "Le Civic Hall est fermé vendredi."
    french.save()
    french.save_revision().publish()
    html = alert_html(client, "/fr/international/")
    assert f"<strong>Urgent{NBSP}:</strong> Le Civic Hall est fermé vendredi." in html
    assert (
        '<span lang="en-GB">Read about the closure</span> <span class="external-marker">(site externe)</span>' in html
    )


def test_the_english_alert_decides_when_every_translation_shows(client, languages, clock):
    alert = closure(starts_at=START + datetime.timedelta(minutes=10))
    french = alert.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.message = "Le Civic Hall est fermé vendredi."
    french.save()
    french.save_revision().publish()
    assert alert_html(client, "/fr/") == ""
    clock.advance(minutes=11)
    assert "Le Civic Hall est fermé vendredi." in alert_html(client, "/fr/")
    # The English alert is ended early: the French one goes with it, with no sync.
    alert.ends_at = START + datetime.timedelta(minutes=15)
    alert.save_revision().publish()
    assert "Le Civic Hall" in alert_html(client, "/fr/")
    clock.advance(minutes=5)
    assert alert_html(client, "/fr/") == ""
    assert alert_html(client, "/") == ""


def test_an_alert_written_in_french_only_shows_on_french_pages(client, languages):
    published_alert(
        message="Le Civic Hall est fermé vendredi.",
        locale=Locale.objects.get(language_code="fr"),
        starts_at=START - datetime.timedelta(minutes=5),
    )
    assert "Le Civic Hall est fermé vendredi." in alert_html(client, "/fr/")
    assert alert_html(client, "/") == ""
    assert alert_html(client, "/de/") == ""


def test_translated_alerts_add_no_query_to_a_page(client, languages, settings):
    settings.PAGECACHE_ENABLED = False
    alert = closure()
    french = alert.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.message = "Le Civic Hall est fermé vendredi."
    french.save()
    french.save_revision().publish()
    client.get("/fr/international/")
    with CaptureQueriesContext(connection) as queries:
        html = alert_html(client, "/fr/international/")
    assert "Le Civic Hall est fermé vendredi." in html
    assert not [q for q in queries.captured_queries if "alerts_alert" in q["sql"]]


def test_a_new_alert_translation_purges_every_page_from_the_edge_cache(
    languages, settings, django_capture_on_commit_callbacks
):
    alert = closure()
    settings.WAGTAILFRONTENDCACHE = {"recorder": {"BACKEND": "tests.test_edge_headers.RecordingBackend"}}
    RecordingBackend.purged = []
    with django_capture_on_commit_callbacks(execute=True):
        alert.copy_for_translation(Locale.objects.get(language_code="fr")).save()
    assert {"http://localhost/fr/", "http://localhost/fr/international/"} <= set(RecordingBackend.purged)


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migration_puts_existing_alerts_and_their_revisions_in_the_default_language(request):
    executor = MigrationExecutor(connection)
    executor.migrate([("alerts", "0001_initial")])
    request.addfinalizer(migrate_to_latest)
    old = executor.loader.project_state([("alerts", "0001_initial")]).apps
    OldAlert = old.get_model("alerts", "Alert")
    ContentType = old.get_model("contenttypes", "ContentType")
    Revision = old.get_model("wagtailcore", "Revision")
    alert = OldAlert.objects.create(
        message="Roadworks on the Headrow.",
        level="information",
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=1),
    )
    alert_type, _ = ContentType.objects.get_or_create(app_label="alerts", model="alert")
    revision = Revision.objects.create(
        content_type=alert_type,
        base_content_type=alert_type,
        object_id=str(alert.pk),
        object_str="Roadworks",
        created_at=START,
        content={"pk": alert.pk, "message": "Roadworks on the Headrow, revised.", "level": "information"},
    )
    migrate_to_latest()

    migrated = Alert.objects.get(pk=alert.pk)
    assert migrated.locale.language_code == "en-gb"
    assert migrated.translation_key
    content = Revision.objects.get(pk=revision.pk).content
    assert content["locale"] == migrated.locale_id
    assert content["translation_key"] == str(migrated.translation_key)


def test_a_translation_cannot_point_the_alert_link_anywhere_but_https(client, languages):
    # The link address is an overridable segment in wagtail-localize: a
    # translator could type any address there. Publishing validates it as the
    # English alert is validated, and nothing is published.
    alert = closure()
    french = Locale.objects.get(language_code="fr")
    source, _ = TranslationSource.get_or_create_from_instance(alert)
    translation = Translation.objects.create(source=source, target_locale=french)
    [segment] = OverridableSegment.objects.filter(source=source, context__path="link_url")
    SegmentOverride.objects.create(locale=french, context=segment.context, data_json=json.dumps("javascript:alert(1)"))
    with pytest.raises(ValidationError) as refused:
        translation.save_target(publish=True)
    assert "https://" in str(refused.value.message_dict["link_url"])
    assert not Alert.objects.filter(locale=french).exists()
    assert "javascript:" not in client.get("/fr/").content.decode()
