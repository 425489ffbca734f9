"""What the sign-in protections need to remember: enrolment codes and password-reset requests."""

from django.conf import settings
from django.db import models


class EnrolmentCode(models.Model):
    """A one-time code a superuser gives someone so they can add their first authenticator app.

    Only a SHA-256 hash is kept: the code is shown once, when it is issued.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Enrolment code for {self.user} (issued {self.created_at:%Y-%m-%d %H:%M})"


class ThrottleEvent(models.Model):
    """One counted request (a password reset, say) for a throttle that must hold while the cache is down.

    ``key`` is an HMAC of the address or email, so neither is stored as written.
    """

    scope = models.CharField(max_length=32)
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "created_at"])]

    def __str__(self):
        return f"{self.scope} at {self.created_at:%Y-%m-%d %H:%M}"
