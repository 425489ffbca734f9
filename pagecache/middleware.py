"""Serve anonymous GET requests for public pages from the shared cache.

A request may use the cache only when nothing about it can change the page:
a GET, not a preview, no cookie but the CSRF one (a session cookie may mean an
editor; a messages cookie carries a one-off notice), a view listed in
``PAGECACHE_VIEWS``, a host named in ``ALLOWED_HOSTS`` (no wildcard) on the
default port or the server's own, and no query parameter but those in
``PAGECACHE_QUERY_PARAMS`` (the theme filter and search). Everything else goes
straight to the view, is never stored and is never answered from the cache.
A response to a URL with query parameters is stored only if the view said it
read each of them, with that value (``pagecache.params.cache_by``): so
``?theme=`` on a network page, an unknown theme or ``?page=999`` are rendered
afresh and never fill the cache with copies (issue 9, finding 9).

Campaign tags (``PAGECACHE_TRACKING_PARAMS``: ``utm_*``, ``gclid``,
``fbclid``) change nothing on any page, and a link shared on social media
carries a different one for every visitor: they are taken off the request
before the cache or the view sees it, as varnish/default.vcl does at the edge,
so a spike of such visits is served from one cached copy.

A response is stored only if it is a 200 that sets no cookie, varies on
nothing but ``Cookie`` (which the request rules above already account for),
and does not say it is private. A page with a CSRF-protected form sets the
CSRF cookie on every response, so it is never stored: pages that differ per
visitor are always rendered fresh. (The report-a-problem form carries no
token and no cookie, so it is the same for everyone and is cached.)

Cached responses are rebuilt byte for byte, headers included, and nothing is
added to them, so a visitor cannot tell a cached page from a fresh one. The
middleware sits inside the security-header middleware (settings/base.py), so
those headers are set on every response, cached or not. A hit touches no
database, so cached pages are still served while the database is down.
"""

import functools
import re
from urllib.parse import unquote_plus, urlencode

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse, QueryDict
from django.http.request import split_domain_port
from django.urls import Resolver404, resolve
from django.utils import timezone

from core import freshness, memo

from . import cache
from .params import declared as declared_params

# Cache-Control directives that mean "not for a shared cache".
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store", "max-age=0"}
# Bigger than any page here; keeps a runaway response out of Redis.
MAX_CONTENT_BYTES = 1024 * 1024
MAX_QUERY_LENGTH = 200


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        url = cacheable_url(request, strip_tracking=True)
        if url is None:
            return self.get_response(request)
        key = cache.page_key(url)
        generation, entry = cache.lookup(key)
        if entry is not None and still_true(entry):
            return rebuild(entry, request)
        response = self._render(request, generation)
        # memo.may_keep: a page drawn inside a transaction of the site's own
        # may show its uncommitted saves, under the generation they started.
        if is_storable(response) and params_were_read(request) and memo.may_keep():
            until = freshness.fresh_until(request)
            # A page that changes with the clock (a site alert starting or
            # ending, core/freshness.py) is kept no longer than it stays true.
            timeout = freshness.cap_seconds(getattr(settings, "PAGECACHE_TIMEOUT", 600), until)
            if timeout > 0:
                cache.store(key, generation, snapshot(response, until), timeout)
        return response

    def _render(self, request, generation):
        if generation is None:
            return self.get_response(request)
        # The generation just read with the (missing) page: the view's kept data
        # (core/memo.py) uses it rather than asking Redis for it a second time.
        with memo.known_generation(generation):
            return self.get_response(request)


def cacheable_url(request, strip_tracking=False):
    """The URL this request is cached under, or None if it must not touch the cache.

    With ``strip_tracking``, a request that may use the cache loses its
    campaign tags first (``without_tracking``).
    """
    if not may_use_cache(request):
        return None
    host = cache_host(request)
    if host is None or not is_cached_view(request):
        return None
    if strip_tracking:
        without_tracking(request)
    params = cacheable_params(request)
    if params is None:
        return None
    url = f"{request.scheme}://{host}{request.path}"
    if params:
        url += "?" + urlencode(sorted(params))
    return url


def cache_host(request):
    """The host as the key spells it, or None when it is not one of the site's own.

    Only a hostname written out in ALLOWED_HOSTS (not a wildcard) counts, and
    only on the scheme's default port or the port this server listens on:
    Django accepts any port after an allowed name, and each would otherwise
    make a new copy of every page.
    """
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers 400 further in.
    domain, port = split_domain_port(host)
    if domain not in _literal_allowed_hosts(tuple(settings.ALLOWED_HOSTS)):
        return None
    if port and port != {"http": "80", "https": "443"}[request.scheme]:
        return f"{domain}:{port}" if port == request.META.get("SERVER_PORT") else None
    return domain


@functools.cache
def _literal_allowed_hosts(allowed_hosts):
    return frozenset(h.lower() for h in allowed_hosts if not h.startswith(".") and "*" not in h)


@functools.cache
def _tracking_name(pattern):
    return re.compile(pattern)


def is_tracking(name):
    pattern = getattr(settings, "PAGECACHE_TRACKING_PARAMS", "")
    return bool(pattern) and _tracking_name(pattern).fullmatch(unquote_plus(name)) is not None


def without_tracking(request):
    """Take the campaign tags off ``request``'s query string, keeping the rest as sent.

    The request's own ``META`` becomes a copy, so the WSGI environ (and the
    server's access log) keeps the address as it was asked for.
    """
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    kept = [part for part in query.split("&") if not is_tracking(part.partition("=")[0])]
    if len(kept) == len(query.split("&")):
        return
    stripped = "&".join(kept)
    request.META = {**request.META, "QUERY_STRING": stripped}
    request.GET = QueryDict(stripped, encoding=request.encoding)


def params_were_read(request):
    """True when the view read every query parameter, with the value sent (``params.cache_by``)."""
    declared = declared_params(request)
    return all(declared.get(name) == value for name, value in request.GET.items())


def may_use_cache(request):
    """A GET of a public page by a visitor with no session: not a preview, no cookie but the CSRF one."""
    if not getattr(settings, "PAGECACHE_ENABLED", False) or request.method != "GET":
        return False
    # Wagtail's previews run the middleware on a dummy request for the page's own URL.
    if getattr(request, "is_dummy", False) or getattr(request, "is_preview", False):
        return False
    allowed_cookies = {settings.CSRF_COOKIE_NAME, *getattr(settings, "PAGECACHE_IGNORED_COOKIES", ())}
    return not set(request.COOKIES) - allowed_cookies


def cacheable_params(request):
    """The query parameters as (name, value) pairs, or None if any is not one the cache keys on."""
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    allowed_params = set(getattr(settings, "PAGECACHE_QUERY_PARAMS", ()))
    params = []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in allowed_params or len(values) != 1:
            return None
        params.append((name, values[0]))
    return params


def is_cached_view(request):
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in getattr(settings, "PAGECACHE_VIEWS", ())


def is_storable(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > MAX_CONTENT_BYTES:
        return False
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if vary - {"cookie"}:
        return False
    directives = {d.strip().lower().replace(" ", "") for d in response.get("Cache-Control", "").split(",")}
    return not directives & PRIVATE_DIRECTIVES


def snapshot(response, fresh_until=None):
    return response.status_code, list(response.headers.items()), response.content, fresh_until


def still_true(entry):
    # Redis lets go of such an entry by itself (its timeout was capped), but
    # only to the second: this makes the moment exact.
    fresh_until = entry[4] if len(entry) > 4 else None
    return fresh_until is None or timezone.now() < fresh_until


def rebuild(entry, request=None):
    _generation, status, headers, content, *rest = entry
    # Entries stored before fresh_until was kept have four parts.
    fresh_until = rest[0] if rest else None
    # The edge cache middleware, outside this one, caps s-maxage by it too.
    freshness.limit(request, fresh_until)
    response = HttpResponse(content, status=status)
    # The stored headers replace the defaults so the response matches the original exactly.
    for name in list(response.headers):
        del response.headers[name]
    for name, value in headers:
        response.headers[name] = value
    return response
