"""How the report form keeps out forged and automated submissions without cookies.

Django's CSRF token needs a cookie, and visitors get none (see the cookies
page). The form changes no account and uses no login, so a forged submission
could do nothing a person could not do by filling in the form; what is left to
stop is a post from another site's page and floods of automated posts.
Browsers label every cross-site post with ``Sec-Fetch-Site`` and ``Origin``,
and a count per sender in the cache limits how many reports one address sends.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.client_ip import client_ip

# (reports, seconds): how many reports one internet address may send per window.
DEFAULT_RATE_LIMIT = (5, 60 * 60)


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


def _sender_key(request):
    # A keyed hash, so the cache never holds the address itself.
    # Behind the proxy every post has the proxy's REMOTE_ADDR; count per visitor.
    address = client_ip(request) or ""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"report-problem:sender:{digest}"


def is_rate_limited(request):
    limit, _ = rate_limit()
    return cache.get(_sender_key(request), 0) >= limit


def count_report(request):
    _, window = rate_limit()
    key = _sender_key(request)
    # add() starts the window; incr() keeps its expiry, so the window is fixed.
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.add(key, 1, timeout=window)
