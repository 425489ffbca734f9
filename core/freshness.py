"""How long a rendered page stays true, for the caches that keep it.

Most pages change only when someone publishes, and publishing empties the
caches (pagecache/signals.py, edgecache/purge.py). A few things change with
the clock instead: a site-wide alert appears at its start time and goes at its
end time with nobody publishing anything. Whatever renders such a thing calls
``limit(request, moment)``; the page cache then keeps the page no longer than
that (pagecache/middleware.py) and the edge cache is told the same through
``s-maxage`` (edgecache/middleware.py), so no cache serves the page past the
moment it would have come out differently.
"""

import math

from django.utils import timezone

ATTRIBUTE = "fresh_until"


def limit(request, moment):
    """The page rendered for ``request`` stops being true at ``moment`` (an aware datetime)."""
    if request is None or moment is None:
        return
    current = getattr(request, ATTRIBUTE, None)
    if current is None or moment < current:
        setattr(request, ATTRIBUTE, moment)


def fresh_until(request):
    return getattr(request, ATTRIBUTE, None)


def cap_seconds(seconds, until, now=None):
    """``seconds``, or fewer if ``until`` comes sooner: whole seconds, rounded down, never below 0.

    Rounded down so a cache lets go of the page at or before ``until``, never just after.
    """
    if until is None:
        return seconds
    left = (until - (now or timezone.now())).total_seconds()
    return max(0, min(seconds, math.floor(left)))
