"""Links that show a page's current draft to someone without an account.

Only a hash of each link's secret is stored: a copy of the database (a
backup, a support dump) cannot be turned back into working links.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

DEFAULT_DAYS = 7
MAX_DAYS = 30


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="preview_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Preview link for {self.page} until {self.expires_at:%Y-%m-%d %H:%M}"

    @classmethod
    def create_for(cls, page, user, days=DEFAULT_DAYS):
        """A new link and its secret, which is shown once and never stored."""
        token = secrets.token_urlsafe(32)
        link = cls.objects.create(
            page=page,
            token_hash=hash_token(token),
            created_by=user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        return link, token

    @classmethod
    def find(cls, token):
        """The link for this secret, whatever its state, or None."""
        if not token or len(token) > 100:
            return None
        return cls.objects.select_related("page").filter(token_hash=hash_token(token)).first()

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self):
        if self.revoked_at:
            return "Revoked"
        return "Active" if self.is_active else "Expired"

    def revoke(self, user):
        self.revoked_at = timezone.now()
        self.revoked_by = user
        self.save(update_fields=["revoked_at", "revoked_by"])
