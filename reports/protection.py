"""How the report form keeps out forged and automated submissions without cookies.

Django's CSRF token needs a cookie, and visitors get none (see the cookies
page). The form changes no account and uses no login, so a forged submission
could do nothing a person could not do by filling in the form; what is left to
stop is a post from another site's page and floods of automated posts.
Browsers label every cross-site post with ``Sec-Fetch-Site`` and ``Origin``.

The rate limit is counted in the database, in the same transaction that stores
the report: a cache that is down, slow or drops writes cannot let a flood
through (it would fail open), and parallel posts cannot race past the limit,
because each sender's count is taken under a lock (a PostgreSQL advisory lock
per sender; SQLite lets one writer in at a time). The rows hold a keyed hash of
the sender's address and the time, never the address or the report, and are
deleted once they are older than the window.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from core.client_ip import client_ip

# (reports, seconds): how many reports one internet address may send per window.
DEFAULT_RATE_LIMIT = (5, 60 * 60)


class RecentReport(models.Model):
    """One report sent within the rate-limit window: who (a keyed hash of the address) and when."""

    sender = models.CharField(max_length=64, db_index=True)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "reports"
        verbose_name = "recent report (rate limit)"

    def __str__(self):
        return f"Report at {self.sent_at:%Y-%m-%d %H:%M}"


def rate_limit():
    return getattr(settings, "REPORT_PROBLEM_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def is_cross_site(request):
    """True when a browser says the post came from another site's page."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        # Not a browser, or an old one: the honeypot and the rate limit apply.
        return False
    allowed = {f"{request.scheme}://{request.get_host()}", *getattr(settings, "CSRF_TRUSTED_ORIGINS", [])}
    return origin not in allowed


def sender_digest(request):
    """A keyed hash of the visitor's address, so the database never holds the address itself.

    Behind the proxy every post has the proxy's REMOTE_ADDR; client_ip counts per visitor.
    """
    address = client_ip(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def _lock_sender(digest):
    """Hold this sender's lock until the transaction ends, so its count cannot be raced."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


def _forget_expired(since):
    """Delete rows past the window, any sender's; rows another report is deleting are skipped, not waited for.

    Waiting could deadlock two senders' transactions deleting the same rows in
    different orders. (SQLite has no row locks and ignores this.)
    """
    expired = RecentReport.objects.filter(sent_at__lt=since).order_by("pk").select_for_update(skip_locked=True)
    ids = list(expired.values_list("pk", flat=True)[:1000])
    if ids:
        RecentReport.objects.filter(pk__in=ids).delete()


def admit_report(request):
    """Count a report against its sender; False when that goes over the limit.

    Call inside ``transaction.atomic()`` and roll back when it says False: the
    row is written before counting, so on SQLite the write lock orders senders.
    """
    limit, window = rate_limit()
    digest = sender_digest(request)
    now = timezone.now()
    since = now - timedelta(seconds=window)
    _lock_sender(digest)
    _forget_expired(since)
    RecentReport.objects.create(sender=digest, sent_at=now)
    return RecentReport.objects.filter(sender=digest, sent_at__gte=since).count() <= limit


def forget_sender(request):
    """Clear one sender's count (tests, and an operator helping a visitor)."""
    RecentReport.objects.filter(sender=sender_digest(request)).delete()
