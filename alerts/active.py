"""Which alerts show now, and when that next changes.

The published alerts that have not ended are read once per page-cache
generation (``core.memo``), so a page costs no query for them; which of
them show is then worked out from the clock on every render. The next start or
end time is passed to ``core.freshness``: the page cache and the edge cache
keep the page no longer than that, so an alert appears and disappears on time
without anyone publishing (docs/editors.md, "Site alerts").
"""

import copy
import logging

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.utils import timezone

from core import freshness, memo, pagetree, seo

from .models import Alert, Level

logger = logging.getLogger(__name__)

# Most serious first when more than one shows.
SEVERITY = {Level.URGENT: 0, Level.WARNING: 1, Level.INFORMATION: 2}


def live_alerts(language=None):
    """The published alerts that have not ended, for pages in ``language`` (the active one by default).

    Each alert's ``shown`` is the alert whose words visitors read (its live
    translation in ``language``, or itself); ``shown_lang`` and ``link_lang``
    the language tag to mark its message and its link's words with when they
    are English on another language's page.
    """
    every = memo.per_generation("alerts", _read_live_alerts)
    code = pagetree.content_language(language)
    translations = every["translations"].get(code, {})
    english_tag = "" if code == every["default"] else seo.language_tag(settings.LANGUAGE_CODE)
    shown = [_shown(alert, translations.get(alert.translation_key), english_tag) for alert in every["english"]]
    return tuple(shown + [_shown(alert, None, "") for alert in every["standalone"].get(code, [])])


def _shown(alert, translation, english_tag):
    # A copy: the rows read are shared by every request in this process until the next change.
    alert = copy.copy(alert)
    alert.shown = translation or alert
    # English words on another language's page are marked as English: all of them
    # without a translation, and any a translator left as they were.
    alert.shown_lang = english_tag if translation is None or translation.message == alert.message else ""
    alert.link_lang = english_tag if translation is None or translation.link_text == alert.link_text else ""
    return alert


def _read_live_alerts():
    """The English alerts that decide what shows, their live translations, and alerts written in one language only.

    An alert's translation is shown in place of its English words whatever its
    own (synced) times or level; a translation whose English alert has ended or
    been unpublished shows nowhere. An alert first written in another language
    (no English alert shares its key) shows on that language's pages only.
    """
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    now = timezone.now()
    english = tuple(
        Alert.objects.filter(live=True, ends_at__gt=now, locale__language_code=default)
        .select_related("locale")
        .order_by("starts_at", "pk")
    )
    keys = {alert.translation_key for alert in english}
    others = (
        Alert.objects.filter(live=True)
        .exclude(locale__language_code=default)
        .filter(Q(translation_key__in=keys) | Q(ends_at__gt=now))
        .select_related("locale")
        .order_by("starts_at", "pk")
    )
    translations, candidates = {}, []
    for alert in others:
        if alert.translation_key in keys:
            translations.setdefault(alert.locale.language_code, {})[alert.translation_key] = alert
        else:
            candidates.append(alert)
    with_english = set()
    if candidates:
        with_english = set(
            Alert.objects.filter(
                locale__language_code=default, translation_key__in={alert.translation_key for alert in candidates}
            ).values_list("translation_key", flat=True)
        )
    standalone = {}
    for alert in candidates:
        if alert.translation_key not in with_english:
            standalone.setdefault(alert.locale.language_code, []).append(alert)
    return {"default": default, "english": english, "translations": translations, "standalone": standalone}


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
