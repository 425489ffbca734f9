"""Two-factor sign-in: approvers and administrators reach no admin page until they have entered a code.

Sign-ins go through Wagtail's real login form; codes are computed from the
device's secret exactly as an authenticator app computes them.
"""

import io
import re
from base64 import b32decode

import pytest
from django.core.checks.registry import registry
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from adminsecurity.checks import two_factor_required_in_production
from adminsecurity.enrolment import issue_code
from tests.editorial import PASSWORD, make_approver, make_editor, make_superuser
from tests.otp_helpers import totp_code

# A spread of admin pages: none may open before the second factor.
ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/account/",
    "/admin/lockouts/",
    "/admin/two-factor/",
    "/admin/no-such-admin-page/",
]


@pytest.fixture
def approver(db):
    return make_approver("a.prover")


@pytest.fixture
def editor(db):
    return make_editor("ed.itor")


@pytest.fixture
def superuser(db):
    return make_superuser()


def lets_in(response):
    """Not held at the two-factor pages (a page may still redirect for lack of a permission, or not exist)."""
    return response.status_code in {200, 404} or (
        response.status_code == 302 and not response["Location"].startswith("/admin/two-factor/")
    )


def sign_in(username, next_url="/admin/"):
    client = Client()
    response = client.post(
        reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, "password sign-in failed"
    return client


def enter_enrolment_code(client, user):
    """What an approver or administrator does first: type the code a superuser issued them."""
    response = client.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": issue_code(user)})
    assert response.status_code == 302, "enrolment code refused"


def set_up_app(client, user=None):
    """Do what a person does on the set-up page: read the key, type the app's code.

    With `user`, first enter an enrolment code issued for them (their role requires two-factor).
    """
    if user is not None:
        enter_enrolment_code(client, user)
    page = client.get(reverse("adminsecurity:two_factor_setup"))
    assert page.status_code == 200
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1)
    key = b32decode(secret.replace(" ", ""))
    code = f"{TOTP(key).token():06d}"
    response = client.post(reverse("adminsecurity:two_factor_setup"), {"code": code, "next": "/admin/"})
    return response, key


def recovery_codes(response):
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


def verify(client, code, next_url="/admin/"):
    return client.post(reverse("adminsecurity:two_factor_verify"), {"code": code, "next": next_url})


# --- Who must use it ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_approver_with_password_only_is_sent_to_set_up_from_every_admin_page(approver, path):
    client = sign_in("a.prover")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("adminsecurity:two_factor_setup"))


def test_approver_sign_in_lands_on_set_up_and_keeps_where_they_were_going(approver):
    client = sign_in("a.prover", next_url="/admin/pages/")
    response = client.get("/admin/pages/", follow=True)
    # First the enrolment code (tests/test_two_factor_everywhere.py), then the app.
    assert response.redirect_chain[-1][0] == "/admin/two-factor/enrol/?next=%2Fadmin%2Fpages%2F"
    response = client.post(
        response.redirect_chain[-1][0], {"enrolment_code": issue_code(approver), "next": "/admin/pages/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/admin/two-factor/setup/?next=%2Fadmin%2Fpages%2F"
    html = response.content.decode()
    assert "Set up two-factor sign-in" in html
    assert "<svg" in html and 'aria-label="QR code to add this site to your authenticator app"' in html
    assert 'name="next" value="/admin/pages/"' in html


@pytest.mark.parametrize("path", ADMIN_PAGES[:3])
def test_superuser_with_password_only_is_sent_to_set_up(superuser, path):
    response = sign_in("administrator").get(path)
    assert response["Location"].startswith(reverse("adminsecurity:two_factor_setup"))


def test_editor_without_the_requirement_goes_straight_in(editor):
    client = sign_in("ed.itor")
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/account/").status_code == 200
    assert all(lets_in(client.get(path)) for path in ADMIN_PAGES)


def test_public_pages_are_not_affected(approver, site_pages):
    home, landing = site_pages
    client = sign_in("a.prover")
    assert client.get(landing.url).status_code == 200


def test_background_requests_get_a_403_not_a_redirect(approver):
    client = sign_in("a.prover")
    response = client.get("/admin/pages/", headers={"x-requested-with": "XMLHttpRequest"})
    assert response.status_code == 403
    assert response.json()["redirect"] == reverse("adminsecurity:two_factor_setup")


def test_requirement_can_be_switched_off_for_local_development(superuser, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    assert sign_in("administrator").get("/admin/").status_code == 200


def test_base_settings_require_it_and_dev_settings_relax_it(monkeypatch):
    import importlib

    from leedsnetworks.settings import base

    assert base.ADMIN_TWO_FACTOR_REQUIRED is True
    assert "Communications approvers" in base.ADMIN_TWO_FACTOR_GROUPS
    monkeypatch.delenv("ADMIN_TWO_FACTOR_REQUIRED", raising=False)
    dev = importlib.import_module("leedsnetworks.settings.dev")
    assert importlib.reload(dev).ADMIN_TWO_FACTOR_REQUIRED is False
    monkeypatch.setenv("ADMIN_TWO_FACTOR_REQUIRED", "1")
    assert importlib.reload(dev).ADMIN_TWO_FACTOR_REQUIRED is True


def test_deploy_check_refuses_two_factor_switched_off(settings):
    # `manage.py check --deploy` runs it.
    assert two_factor_required_in_production in registry.get_checks(include_deployment_checks=True)
    assert two_factor_required_in_production not in registry.get_checks(include_deployment_checks=False)
    settings.DEBUG = False
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    assert [e.id for e in two_factor_required_in_production(None)] == ["adminsecurity.E001"]
    settings.ADMIN_TWO_FACTOR_REQUIRED = True
    assert two_factor_required_in_production(None) == []


# --- Setting up ----------------------------------------------------------------------------------


def test_set_up_with_a_wrong_code_is_refused_and_nothing_opens(approver):
    client = sign_in("a.prover")
    enter_enrolment_code(client, approver)
    client.get(reverse("adminsecurity:two_factor_setup"))
    response = client.post(reverse("adminsecurity:two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=approver, confirmed=True).exists()
    assert client.get("/admin/").status_code == 302


def test_set_up_refuses_a_code_that_is_not_six_digits(approver):
    client = sign_in("a.prover")
    enter_enrolment_code(client, approver)
    response = client.post(reverse("adminsecurity:two_factor_setup"), {"code": "abc"})
    assert "Enter the 6 digits your authenticator app shows" in response.content.decode()


def test_set_up_shows_ten_recovery_codes_once_and_opens_the_admin(approver):
    client = sign_in("a.prover")
    response, _ = set_up_app(client, approver)
    assert response.status_code == 200
    codes = recovery_codes(response)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(StaticToken.objects.filter(device__user=approver).values_list("token", flat=True))
    assert TOTPDevice.objects.get(user=approver).confirmed
    assert client.get("/admin/").status_code == 200
    for path in ADMIN_PAGES:
        assert lets_in(client.get(path)), path
    # The codes are never shown again.
    assert codes[0] not in client.get(reverse("adminsecurity:two_factor_manage")).content.decode()


def test_same_secret_is_shown_until_set_up_is_finished(approver):
    client = sign_in("a.prover")
    enter_enrolment_code(client, approver)
    first = client.get(reverse("adminsecurity:two_factor_setup")).content.decode()
    second = client.get(reverse("adminsecurity:two_factor_setup")).content.decode()
    pattern = r'data-testid="totp-secret">([A-Z2-7 ]+)<'
    assert re.search(pattern, first).group(1) == re.search(pattern, second).group(1)
    assert TOTPDevice.objects.filter(user=approver).count() == 1


# --- Signing in again ---------------------------------------------------------------------------


@pytest.fixture
def approver_with_app(approver):
    response, key = set_up_app(sign_in("a.prover"), approver)
    return approver, TOTPDevice.objects.get(user=approver), recovery_codes(response)


def test_next_sign_in_asks_for_a_code_and_cannot_set_up_a_second_app(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("adminsecurity:two_factor_verify"))
    # Someone with only the password must not swap in their own phone.
    response = client.get(reverse("adminsecurity:two_factor_setup"))
    assert response["Location"].startswith(reverse("adminsecurity:two_factor_verify"))
    assert TOTPDevice.objects.filter(user=approver).count() == 1


def test_app_code_opens_the_admin(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    # The set-up used this period's code; the app's next one is accepted (one step of tolerance).
    response = verify(client, totp_code(device, steps_ahead=1), next_url="/admin/account/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/account/"
    assert client.get("/admin/account/").status_code == 200


def test_wrong_code_is_refused_with_a_message_and_then_slowed_down(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    response = verify(client, "123456")
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    # django-otp makes the next try wait, and the page says so instead of silently refusing.
    response = verify(client, totp_code(device, steps_ahead=1))
    assert "Too many wrong codes in a row. Wait" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_used_app_code_cannot_be_replayed(approver_with_app):
    approver, device, codes = approver_with_app
    code = totp_code(device, steps_ahead=1)
    assert verify(sign_in("a.prover"), code).status_code == 302
    response = verify(sign_in("a.prover"), code)
    assert response.status_code == 200


def test_recovery_codes_work_once_each(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    response = verify(client, codes[0].upper()[:4] + "-" + codes[0][4:])  # as people copy them
    assert response.status_code == 302
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert "You signed in with a recovery code. You have 9 left" in dashboard.content.decode()

    again = sign_in("a.prover")
    response = verify(again, codes[0])
    assert response.status_code == 200
    assert "That recovery code is not right or has already been used." in response.content.decode()
    assert again.get("/admin/").status_code == 302


def test_verification_does_not_outlive_the_session(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    verify(client, codes[1])
    assert client.get("/admin/").status_code == 200
    client.post(reverse("wagtailadmin_logout"))
    client.post(reverse("wagtailadmin_login"), {"username": "a.prover", "password": PASSWORD})
    assert client.get("/admin/").status_code == 302


def test_verify_ignores_a_next_address_on_another_site(approver_with_app):
    approver, device, codes = approver_with_app
    response = verify(sign_in("a.prover"), codes[2], next_url="https://evil.example.com/")
    assert response["Location"] == "/admin/"


def test_editor_who_chose_two_factor_must_use_it(editor):
    set_up_app(sign_in("ed.itor"))
    client = sign_in("ed.itor")
    assert client.get("/admin/")["Location"].startswith(reverse("adminsecurity:two_factor_verify"))


# --- Managing it --------------------------------------------------------------------------------


def test_account_page_links_to_two_factor_settings(editor):
    client = sign_in("ed.itor")
    response = client.get(reverse("wagtailadmin_account"))
    assert reverse("adminsecurity:two_factor_manage") in response.content.decode()
    manage = client.get(reverse("adminsecurity:two_factor_manage")).content.decode()
    assert "Two-factor sign-in is <strong>off</strong>" in manage


def test_new_recovery_codes_replace_the_old_ones(approver_with_app):
    approver, device, codes = approver_with_app
    client = sign_in("a.prover")
    verify(client, codes[3])
    manage = client.get(reverse("adminsecurity:two_factor_manage")).content.decode()
    assert "You have <strong>9</strong> unused recovery codes" in manage
    response = client.post(reverse("adminsecurity:two_factor_manage"))
    new_codes = recovery_codes(response)
    assert len(new_codes) == 10
    # Still signed in (the recovery code used this session has gone with the old set).
    assert client.get("/admin/").status_code == 200
    assert verify(sign_in("a.prover"), new_codes[0]).status_code == 302
    refused = verify(sign_in("a.prover"), codes[4])
    assert "That recovery code is not right or has already been used." in refused.content.decode()


def test_moving_to_a_new_phone_replaces_the_app(approver_with_app):
    approver, old_device, codes = approver_with_app
    client = sign_in("a.prover")
    verify(client, codes[5])
    response, new_key = set_up_app(client)
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=approver).values_list("confirmed", flat=True)) == [True]
    assert TOTPDevice.objects.get(user=approver).bin_key == new_key != old_device.bin_key


def test_reset_two_factor_command_lets_them_set_up_again(approver_with_app):
    approver, device, codes = approver_with_app
    out = io.StringIO()
    call_command("reset_two_factor", "a.prover", stdout=out)
    assert "Removed two-factor devices for 'a.prover'" in out.getvalue()
    assert not TOTPDevice.objects.filter(user=approver).exists()
    assert not StaticDevice.objects.filter(user=approver).exists()
    assert sign_in("a.prover").get("/admin/")["Location"].startswith(reverse("adminsecurity:two_factor_setup"))
