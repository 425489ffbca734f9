"""One-time enrolment codes: the second thing, besides a password, needed to add a first authenticator app.

Whoever holds only the password of an approver or superuser who has not yet
set up two-factor sign-in could otherwise enrol their own phone. A superuser
(in the admin, or `manage.py issue_enrolment_code`) issues a code, gives it to
the person by another channel, and it is asked for before the set-up page shows
the QR code or key. Codes are random (100 bits), shown once, stored as a
SHA-256 hash, single use and expire (ADMIN_ENROLMENT_CODE_HOURS, 72 by default).
"""

import hashlib
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp import user_has_device

from .models import EnrolmentCode
from .policy import two_factor_required

# Crockford-style base32 without look-alikes (no 0/O, 1/I/L).
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20
SESSION_KEY = "adminsecurity_enrolment_ok"

WRONG = (
    "That enrolment code is not right. Type it as it was given to you, or ask a Wagtail administrator for a new one."
)
EXPIRED = "That enrolment code has expired. Ask a Wagtail administrator for a new one."
USED = "That enrolment code has already been used. Ask a Wagtail administrator for a new one."


def hash_code(code):
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def normalise(code):
    return re.sub(r"[\s-]+", "", code).upper()


def lifetime():
    return timedelta(hours=getattr(settings, "ADMIN_ENROLMENT_CODE_HOURS", 72))


def issue_code(user, issued_by=None):
    """A new code for `user` (returned once, in groups of five); any earlier unused code stops working."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    now = timezone.now()
    with transaction.atomic():
        EnrolmentCode.objects.filter(user=user, used_at=None, expires_at__gt=now).update(expires_at=now)
        EnrolmentCode.objects.create(
            user=user, code_hash=hash_code(code), issued_by=issued_by, expires_at=now + lifetime()
        )
    return "-".join(code[i : i + 5] for i in range(0, CODE_LENGTH, 5))


def redeem_code(user, code):
    """Use up `user`'s code: None when it is accepted, otherwise the message to show."""
    now = timezone.now()
    with transaction.atomic():
        found = EnrolmentCode.objects.select_for_update().filter(user=user, code_hash=hash_code(code)).first()
        if found is None:
            return WRONG
        if found.used_at is not None:
            return USED
        if found.expires_at <= now:
            return EXPIRED
        found.used_at = now
        found.save(update_fields=["used_at"])
    return None


def needs_enrolment_code(user):
    """First enrolment of someone two-factor is required of: the password alone is not enough."""
    return two_factor_required(user) and not user_has_device(user, confirmed=True)


def session_has_code(request):
    return request.session.get(SESSION_KEY) == request.user.pk


def remember_code(request):
    request.session[SESSION_KEY] = request.user.pk
