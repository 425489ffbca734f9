"""Signing in to the Wagtail admin: lockout after repeated failures, password rules, session expiry.

Every sign-in here goes through Wagtail's real login form, so django-axes sees
it exactly as it sees a person's.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.editorial import PASSWORD, make_editor, make_superuser, signed_in_client

HOME_ADDRESS = "198.51.100.7"
OTHER_ADDRESS = "203.0.113.9"


@pytest.fixture
def editor(db):
    """A communications editor: may use the admin, no second factor required."""
    return make_editor("ed.itor")


def sign_in(client, username, password, address=HOME_ADDRESS, **data):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password, "next": reverse("wagtailadmin_home"), **data},
        REMOTE_ADDR=address,
    )


def is_signed_in(client):
    return client.get(reverse("wagtailadmin_home")).status_code == 200


def fail(client, username, times, address=HOME_ADDRESS):
    return [sign_in(client, username, "wrong-password", address) for _ in range(times)]


def test_right_password_signs_in(editor):
    client = Client()
    response = sign_in(client, "ed.itor", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert is_signed_in(client)
    assert AccessLog.objects.filter(username="ed.itor", ip_address=HOME_ADDRESS).exists()


def test_wrong_password_shows_the_sign_in_form_again(editor):
    client = Client()
    response = sign_in(client, "ed.itor", "wrong-password")
    assert response.status_code == 200
    assert "Your username and password didn&#x27;t match. Please try again." in response.content.decode()
    assert not is_signed_in(client)


def test_four_failures_then_the_right_password_still_signs_in_and_resets_the_count(editor):
    client = Client()
    assert all(r.status_code == 200 for r in fail(client, "ed.itor", 4))
    assert sign_in(client, "ed.itor", PASSWORD).status_code == 302
    assert not AccessAttempt.objects.filter(username="ed.itor").exists()


def test_fifth_failure_locks_out_with_a_clear_page(editor):
    client = Client()
    responses = fail(client, "ed.itor", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    page = responses[-1].content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "After 5 wrong passwords for <strong>ed.itor</strong>" in page
    assert "paused for 30 minutes" in page
    assert "Contact the council&#x27;s web team" in page
    # In the admin's own look, not a bare error.
    assert "wagtailadmin/css/core.css" in page


def test_locked_out_user_cannot_sign_in_even_with_the_right_password(editor):
    client = Client()
    fail(client, "ed.itor", 5)
    response = sign_in(client, "ed.itor", PASSWORD)
    assert response.status_code == 429
    assert not is_signed_in(client)


def test_lockout_is_per_username_and_address(editor):
    make_editor("colleague")
    fail(Client(), "ed.itor", 5, address=HOME_ADDRESS)
    # The same person from another address (a guesser cannot lock a colleague out)…
    assert sign_in(Client(), "ed.itor", PASSWORD, address=OTHER_ADDRESS).status_code == 302
    # …and another person from the same address (a shared office connection) still get in.
    assert sign_in(Client(), "colleague", PASSWORD, address=HOME_ADDRESS).status_code == 302
    assert sign_in(Client(), "ed.itor", PASSWORD, address=HOME_ADDRESS).status_code == 429


def test_unknown_usernames_are_locked_out_too(db):
    responses = fail(Client(), "nobody-here", 5)
    assert responses[-1].status_code == 429


def test_every_failed_attempt_is_recorded(editor):
    fail(Client(), "ed.itor", 5)
    failures = AccessFailureLog.objects.filter(username="ed.itor", ip_address=HOME_ADDRESS)
    assert failures.count() == 5
    assert failures.filter(locked_out=True).count() == 1
    attempt = AccessAttempt.objects.get(username="ed.itor", ip_address=HOME_ADDRESS)
    assert attempt.failures_since_start == 5
    # The password guessed is never stored.
    assert "wrong-password" not in attempt.post_data


def test_lockout_ends_after_the_cool_off_time(editor):
    fail(Client(), "ed.itor", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    assert sign_in(Client(), "ed.itor", PASSWORD).status_code == 302


def test_axes_reset_unlocks(editor):
    fail(Client(), "ed.itor", 5)
    call_command("axes_reset")
    assert sign_in(Client(), "ed.itor", PASSWORD).status_code == 302


@pytest.fixture
def administrator_client(db):
    return signed_in_client(make_superuser())


def test_administrator_sees_the_sign_in_records_and_can_unlock(editor, administrator_client):
    fail(Client(), "ed.itor", 5)
    lockouts = administrator_client.get(reverse("lockouts:index"))
    assert lockouts.status_code == 200
    assert "ed.itor" in lockouts.content.decode()
    failures = administrator_client.get(reverse("failed-sign-ins:index"))
    assert failures.content.decode().count("ed.itor") >= 5
    assert administrator_client.get(reverse("sign-ins:index")).status_code == 200

    attempt = AccessAttempt.objects.get(username="ed.itor")
    inspect = administrator_client.get(reverse("lockouts:inspect", args=(attempt.pk,)))
    assert HOME_ADDRESS in inspect.content.decode()
    # Deleting the lockout is the unlock button.
    response = administrator_client.post(reverse("lockouts:delete", args=(attempt.pk,)))
    assert response.status_code == 302
    assert sign_in(Client(), "ed.itor", PASSWORD).status_code == 302
    # The record of the failures stays.
    assert AccessFailureLog.objects.filter(username="ed.itor").count() == 5


def test_records_cannot_be_written_by_hand(editor, administrator_client):
    fail(Client(), "ed.itor", 1)
    failure = AccessFailureLog.objects.get()
    assert administrator_client.get(reverse("failed-sign-ins:index")).status_code == 200
    # No add or edit forms exist, and a failure log entry cannot be deleted.
    assert administrator_client.get("/admin/failed-sign-ins/new/").status_code == 404
    assert administrator_client.get(f"/admin/failed-sign-ins/edit/{failure.pk}/").status_code == 404
    assert administrator_client.post(reverse("failed-sign-ins:delete", args=(failure.pk,))).status_code in {302, 403}
    assert AccessFailureLog.objects.filter(pk=failure.pk).exists()


def test_editors_cannot_see_the_sign_in_records(editor):
    client = Client()
    sign_in(client, "ed.itor", PASSWORD)
    response = client.get(reverse("lockouts:index"))
    assert response.status_code in {302, 403}
    assert "Lockouts and failing sign-ins" not in client.get(reverse("wagtailadmin_home")).content.decode()


# --- Passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-pass", "This password is too short. It must contain at least 12 characters."),
        ("123456789012", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
        ("new.person.example", "The password is too similar to the"),
    ],
)
def test_weak_passwords_are_refused_when_an_administrator_creates_a_user(administrator_client, password, message):
    response = administrator_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new.person",
            "email": "new.person@example.com",
            "first_name": "New",
            "last_name": "Person",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    # What the administrator typed is kept.
    assert "new.person@example.com" in response.content.decode()
    assert not get_user_model().objects.filter(username="new.person").exists()


def test_a_strong_password_is_accepted(administrator_client):
    response = administrator_client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "new.person",
            "email": "new.person@example.com",
            "first_name": "New",
            "last_name": "Person",
            "password1": "Kirkstall Abbey at dusk 1152",
            "password2": "Kirkstall Abbey at dusk 1152",
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="new.person").check_password("Kirkstall Abbey at dusk 1152")


# --- Sessions ---------------------------------------------------------------------------------


def test_without_remember_me_the_session_ends_with_the_browser(editor):
    client = Client()
    response = sign_in(client, "ed.itor", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"]
    assert client.session.get_expire_at_browser_close()


def test_remember_me_lasts_one_working_day_at_most(editor):
    client = Client()
    response = sign_in(client, "ed.itor", PASSWORD, remember="on")
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == 8 * 60 * 60
    assert client.session.get_expiry_age() <= 8 * 60 * 60


def test_an_expired_session_is_sent_back_to_sign_in(editor):
    client = Client()
    sign_in(client, "ed.itor", PASSWORD, remember="on")
    assert is_signed_in(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


# --- Behind a proxy -------------------------------------------------------------------------------

PROXY = "10.0.0.2"


def sign_in_via_proxy(username, password, forwarded_for):
    return Client().post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_proxy_the_lockout_uses_the_visitors_address(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in_via_proxy("ed.itor", "wrong-password", HOME_ADDRESS)
    assert AccessAttempt.objects.get().ip_address == HOME_ADDRESS
    assert sign_in_via_proxy("ed.itor", PASSWORD, HOME_ADDRESS).status_code == 429
    # The same person elsewhere, behind the same proxy, is not locked out.
    assert sign_in_via_proxy("ed.itor", PASSWORD, OTHER_ADDRESS).status_code == 302


def test_a_forged_forwarded_address_does_not_dodge_the_lockout(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client sends its own X-Forwarded-For; our proxy appends the real address on the right.
    for n in range(5):
        sign_in_via_proxy("ed.itor", "wrong-password", f"192.0.2.{n}, {HOME_ADDRESS}")
    assert sign_in_via_proxy("ed.itor", PASSWORD, f"192.0.2.99, {HOME_ADDRESS}").status_code == 429


def test_without_trusted_proxies_forwarded_headers_are_ignored(editor):
    for n in range(5):
        sign_in_via_proxy("ed.itor", "wrong-password", f"192.0.2.{n}")
    assert AccessAttempt.objects.get().ip_address == PROXY


def test_a_malformed_forwarded_address_falls_back_to_the_connection(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    response = sign_in_via_proxy("ed.itor", "wrong-password", "not-an-address")
    assert response.status_code == 200
    assert AccessFailureLog.objects.get().ip_address == PROXY
