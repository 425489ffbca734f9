"""Cache-Control for shared caches in front of the site (CDN, Varnish).

A response may be kept by a shared cache only when it is the same for every
visitor: a 200 answer to a GET or HEAD with no cookie at all, for one of the
views in ``EDGECACHE_VIEWS`` (Wagtail pages, search, the sitemap), that sets
no cookie and says nothing about caching itself. It then gets
``public, max-age=0, s-maxage=EDGECACHE_MAX_AGE``: shared caches keep it until
the time runs out or a purge (``edgecache.purge``) drops it, and browsers ask
again on every visit. ``Vary: Cookie`` tells caches that a visitor with a
cookie (an editor) may be sent something else.

Everything else without its own Cache-Control is marked ``private, no-store``
so no shared cache keeps it: the admin and previews, signed-in visits,
responses that set a cookie, form posts, redirects, 404s. Documents and media
are left out of ``EDGECACHE_VIEWS`` on purpose: a privacy change to a
collection is not purged. Responses that carry their own Cache-Control (static
files, robots.txt, /health/, the 503 page) keep it, unless they set a cookie.

The middleware sits outside the page cache middleware (settings/base.py), so
the page cache stores and rebuilds responses without these headers and both
paths get the same ones here.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from core import freshness


class EdgeCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or is_preview(request):
            # Whatever the view said, a response that sets a cookie is one
            # visitor's ("private" replaces any "public"), and a preview shows
            # a draft.
            add_never_cache_headers(response)
        elif not response.has_header("Cache-Control"):
            if is_shareable(request, response):
                mark_shareable(response, freshness.fresh_until(request))
            else:
                add_never_cache_headers(response)
        return response


def mark_shareable(response, fresh_until=None):
    # Written whole: the response has no Cache-Control yet, and this runs on
    # every page-cache hit, where Django's header parsing would cost more.
    if fresh_until is None:
        response["Cache-Control"] = f"public, max-age=0, s-maxage={settings.EDGECACHE_MAX_AGE}"
    else:
        # The page changes with the clock (a site alert starts or ends,
        # core/freshness.py): shared caches keep it no longer than that, and
        # stale-while-revalidate=0 tells Varnish (varnish/default.vcl) not to
        # serve the old copy in its grace time either.
        seconds = freshness.cap_seconds(settings.EDGECACHE_MAX_AGE, fresh_until)
        response["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate=0"
    if response.has_header("Vary"):
        patch_vary_headers(response, ["Cookie"])
    else:
        response["Vary"] = "Cookie"


def is_shareable(request, response):
    if request.method not in {"GET", "HEAD"} or response.status_code != 200 or response.streaming:
        return False
    # Any cookie may mean an editor or a visitor-specific page; the Varnish
    # configuration strips analytics cookies before they reach Django.
    if request.COOKIES or request.META.get("HTTP_AUTHORIZATION"):
        return False
    return view_name(request) in settings.EDGECACHE_VIEWS


def is_preview(request):
    # Wagtail renders previews through the middleware on a dummy request.
    return getattr(request, "is_preview", False) or getattr(request, "is_dummy", False)


def view_name(request):
    match = request.resolver_match
    if match is not None:
        return match.view_name
    # A page-cache hit never reaches the URL resolver. The answer depends
    # only on the path, and resolving costs more than the rest of a hit.
    return resolved_view_name(request.path_info, getattr(request, "urlconf", None))


@lru_cache(maxsize=2048)
def resolved_view_name(path, urlconf):
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None
