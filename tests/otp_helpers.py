"""Sign a test client in as someone who has passed two-factor verification.

`client.force_login` skips the password (and django-axes) but not the
two-factor requirement: superusers and approvers are sent to verify a code
before any admin page. Tests that are about something else use this helper.
"""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def verify_session(client, user):
    """Give `user` a confirmed authenticator device and mark the client's session as verified with it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="Test authenticator", confirmed=True
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def force_login_verified(client, user):
    client.force_login(user)
    return verify_session(client, user)


def totp_code(device, steps_ahead=0):
    """The code an authenticator app would show for `device` now (or `steps_ahead` periods later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def unused_totp_code(device):
    """A code the site will still accept: django-otp refuses a period's code once used, and
    accepts the next period's (one step of tolerance), so a second sign-in in the same
    30 seconds uses that one."""
    device.refresh_from_db()
    now_step = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    steps_ahead = max(0, device.last_t + 1 - now_step)
    if steps_ahead > device.tolerance:
        raise AssertionError("Every code the site accepts now has been used: wait for the next period.")
    return totp_code(device, steps_ahead)


def give_authenticator(user):
    """A confirmed authenticator app for `user`, as if they had set one up."""
    return TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)


def enter_code_in_browser(page, device):
    """In Playwright, after a password sign-in that landed on the code page: type the app's code."""
    page.get_by_label("Code").fill(unused_totp_code(device))
    page.get_by_role("button", name="Continue").click()
