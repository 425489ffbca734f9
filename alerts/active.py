"""Which alerts show now, and when that next changes.

The published alerts that have not ended are read once per page-cache
generation (``core.memo``), so a page costs no query for them; which of
them show is then worked out from the clock on every render. The next start or
end time is passed to ``core.freshness``: the page cache and the edge cache
keep the page no longer than that, so an alert appears and disappears on time
without anyone publishing (docs/editors.md, "Site alerts").
"""

import logging

from django.db import DatabaseError
from django.utils import timezone

from core import freshness, memo

from .models import Alert, Level

logger = logging.getLogger(__name__)

# Most serious first when more than one shows.
SEVERITY = {Level.URGENT: 0, Level.WARNING: 1, Level.INFORMATION: 2}


def live_alerts():
    return memo.per_generation("alerts", _read_live_alerts)


def _read_live_alerts():
    return tuple(Alert.objects.filter(live=True, ends_at__gt=timezone.now()).order_by("starts_at", "pk"))


def next_change(alerts, now):
    """The first start or end time after ``now``, or None."""
    moments = [moment for alert in alerts for moment in (alert.starts_at, alert.ends_at) if moment > now]
    return min(moments, default=None)


def current(request=None, now=None):
    """The alerts showing at ``now``, most serious first; tells the caches when that changes."""
    now = now or timezone.now()
    try:
        alerts = live_alerts()
    except DatabaseError:
        # The error pages still render when the database is what failed.
        logger.exception("Could not read the site alerts")
        return []
    freshness.limit(request, next_change(alerts, now))
    showing = [alert for alert in alerts if alert.is_showing_at(now)]
    return sorted(showing, key=lambda alert: (SEVERITY.get(alert.level, 9), alert.starts_at))
