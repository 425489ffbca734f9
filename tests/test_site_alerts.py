"""The site-wide alert: written by an editor, published by an approver, shown on every page between
its start and end, and never kept by a cache past either (issue 13, item 4)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alerts.models import Alert
from tests.cache_checks import assert_from_cache, assert_rendered
from tests.editorial import make_approver, make_editor, signed_in_client

START = timezone.make_aware(datetime.datetime(2026, 12, 2, 9, 0))


class Clock:
    """timezone.now() as the test sets it: every part of the site reads the time through it."""

    def __init__(self, monkeypatch, now):
        self.now = now
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, START)


def admin_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def alert_form(**overrides):
    data = {
        "message": "The Civic Hall is closed on Friday.",
        "level": "warning",
        "link_url": "https://www.leeds.gov.uk/closures",
        "link_text": "Read about the closure",
        "starts_at": admin_time(START),
        "ends_at": admin_time(START + datetime.timedelta(hours=2)),
    }
    data.update(overrides)
    return data


def published_alert(**fields):
    values = {
        "message": "Roadworks on the Headrow this week.",
        "level": "information",
        "starts_at": START + datetime.timedelta(minutes=10),
        "ends_at": START + datetime.timedelta(minutes=40),
    }
    values.update(fields)
    alert = Alert.objects.create(live=False, **values)
    alert.save_revision().publish()
    return Alert.objects.get(pk=alert.pk)


def add_url():
    return reverse("wagtailsnippets_alerts_alert:add")


def edit_url(alert):
    return reverse("wagtailsnippets_alerts_alert:edit", args=[alert.pk])


def test_editor_submits_approver_publishes_and_visitors_see_it(seeded, client, clock):
    editor, approver = make_editor(), make_approver()
    as_editor = signed_in_client(editor)

    response = as_editor.post(add_url(), {**alert_form(), "action-submit": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = Alert.objects.get()
    assert not alert.live
    assert alert.workflow_in_progress
    assert "Civic Hall" not in client.get("/").content.decode()

    as_approver = signed_in_client(approver)
    task_state = alert.current_workflow_task_state
    response = as_approver.post(
        reverse("wagtailsnippets_alerts_alert:workflow_action", args=[alert.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    alert.refresh_from_db()
    assert alert.live

    html = client.get("/").content.decode()
    assert 'role="region" aria-label="Site alert"' in html
    assert "Warning:</strong> The Civic Hall is closed on Friday." in html
    assert (
        '<a href="https://www.leeds.gov.uk/closures" rel="external noopener">Read about the closure '
        '<span class="external-marker">(external website)</span></a>'
    ) in html
    # Every public page, not only the home page.
    assert "The Civic Hall is closed on Friday." in client.get("/search/?q=leeds").content.decode()


def test_editor_cannot_publish_an_alert_themselves(seeded, client, clock):
    as_editor = signed_in_client(make_editor())
    as_editor.post(add_url(), {**alert_form(), "action-publish": "1"})
    alert = Alert.objects.get()
    assert not alert.live
    assert "Civic Hall" not in client.get("/").content.decode()


def test_approver_publishes_directly(seeded, client, clock):
    as_approver = signed_in_client(make_approver())
    response = as_approver.post(add_url(), {**alert_form(level="urgent"), "action-publish": "1"})
    assert response.status_code == 302
    assert Alert.objects.get().live
    assert "Urgent:</strong> The Civic Hall is closed" in client.get("/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ends_at": admin_time(START - datetime.timedelta(hours=1))}, "The end must come after the start."),
        ({"link_text": ""}, "Say where the link goes"),
        ({"link_url": "", "link_text": "Read more"}, "Enter the web address the link text should go to"),
        ({"link_url": "http://www.leeds.gov.uk/"}, "Enter a full web address starting with https://"),
        ({"message": ""}, "This field is required."),
    ],
)
def test_bad_alerts_are_refused_with_a_message_and_what_was_typed_kept(seeded, clock, overrides, message):
    as_editor = signed_in_client(make_editor())
    response = as_editor.post(add_url(), {**alert_form(**overrides), "action-submit": "1"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "The Civic Hall is closed on Friday." in response.content.decode() or overrides.get("message") == ""
    assert not Alert.objects.exists()


def test_alert_appears_at_its_start_and_goes_at_its_end_though_pages_are_cached(seeded, client, clock):
    published_alert()  # from START + 10 min to START + 40 min
    assert "Roadworks" not in client.get("/").content.decode()
    # Kept by the page cache, and the edge cache told to keep it only until the alert starts.
    clock.advance(minutes=9, seconds=30)
    cached = assert_from_cache(client, "/")
    assert "Roadworks" not in cached.content.decode()
    assert "s-maxage=30," in cached["Cache-Control"]
    assert "stale-while-revalidate=0" in cached["Cache-Control"]

    clock.advance(seconds=30)  # the start
    shown = assert_rendered(client, "/")
    assert "Roadworks on the Headrow this week." in shown.content.decode()
    assert "Roadworks" in assert_from_cache(client, "/").content.decode()

    clock.advance(minutes=29, seconds=59)
    assert "Roadworks" in assert_from_cache(client, "/").content.decode()
    clock.advance(seconds=1)  # the end
    assert "Roadworks" not in assert_rendered(client, "/").content.decode()


def test_pages_without_a_coming_alert_keep_the_usual_cache_lifetime(seeded, client, clock, settings):
    published_alert(starts_at=START - datetime.timedelta(days=2), ends_at=START - datetime.timedelta(days=1))
    response = client.get("/")
    assert response["Cache-Control"] == f"public, max-age=0, s-maxage={settings.EDGECACHE_MAX_AGE}"


def test_a_draft_or_unpublished_alert_is_never_shown(seeded, client, clock):
    alert = published_alert(starts_at=START - datetime.timedelta(minutes=1))
    assert "Roadworks" in client.get("/").content.decode()
    alert.message = "A draft nobody approved."
    alert.save_revision()
    assert "A draft nobody approved." not in client.get("/").content.decode()
    alert.unpublish()
    assert "Roadworks" not in client.get("/").content.decode()


def test_most_serious_alert_comes_first(seeded, client, clock):
    published_alert(message="For information.", starts_at=START - datetime.timedelta(minutes=5))
    published_alert(message="Urgent news.", level="urgent", starts_at=START - datetime.timedelta(minutes=1))
    html = client.get("/").content.decode()
    assert html.index("Urgent news.") < html.index("For information.")


def test_alerts_add_no_query_to_a_page_once_read(seeded, client, clock, settings):
    from tests.cache_checks import fetch

    settings.PAGECACHE_ENABLED = False
    client.get("/")
    _, without = fetch(client, "/")
    published_alert(starts_at=START - datetime.timedelta(minutes=1))
    client.get("/")
    response, with_alert = fetch(client, "/")
    assert "Roadworks" in response.content.decode()
    assert with_alert == without


def test_only_approvers_delete_or_lock_alerts(seeded, clock):
    alert = published_alert()
    as_editor = signed_in_client(make_editor())
    delete_url = reverse("wagtailsnippets_alerts_alert:delete", args=[alert.pk])
    as_editor.post(delete_url)
    assert Alert.objects.filter(pk=alert.pk).exists()
    as_editor.post(reverse("wagtailsnippets_alerts_alert:lock", args=[alert.pk]))
    alert.refresh_from_db()
    assert not alert.locked

    as_approver = signed_in_client(make_approver())
    as_approver.post(reverse("wagtailsnippets_alerts_alert:lock", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.locked
    as_approver.post(delete_url)
    assert not Alert.objects.filter(pk=alert.pk).exists()


def test_pages_cached_before_alerts_existed_are_still_served(seeded, client):
    """Entries stored by the previous release have no fresh-until part: served as they are, not a 500."""
    from django.test import RequestFactory

    from pagecache import cache
    from pagecache.middleware import cacheable_url

    client.get("/")
    key = cache.page_key(cacheable_url(RequestFactory().get("/")))
    generation, entry = cache.lookup(key)
    assert entry is not None
    cache.store(key, generation, entry[1:4], 600)
    response = assert_from_cache(client, "/")
    assert response.content == entry[3]
