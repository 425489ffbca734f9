"""Who must use a second factor in the admin, and whether this session has.

One place for the rule so the middleware, the views and the tests agree.
"""

from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice


def two_factor_required(user):
    """Superusers and members of ADMIN_TWO_FACTOR_GROUPS, when the requirement is on."""
    if not getattr(settings, "ADMIN_TWO_FACTOR_REQUIRED", True):
        return False
    if user.is_superuser:
        return True
    groups = getattr(settings, "ADMIN_TWO_FACTOR_GROUPS", [])
    return bool(groups) and user.groups.filter(name__in=groups).exists()


def is_verified(user):
    """True when OTPMiddleware found a confirmed device of this user in the session."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_verification(user):
    """An authenticated user who must verify a code before using the admin.

    Anyone who has set up a device must use it, whether or not their role
    requires it: a device that can be skipped protects nothing.
    """
    if not user.is_authenticated or is_verified(user):
        return False
    return two_factor_required(user) or user_has_device(user, confirmed=True)


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
