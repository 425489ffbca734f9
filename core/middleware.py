import logging

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from . import memo, pagetree, site
from .unavailable import database_unavailable_response, is_database_down

logger = logging.getLogger(__name__)


class CrossOriginResourcePolicyMiddleware:
    """Cross-Origin-Resource-Policy on every response: Django has a setting for it but no header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 when a view or template finds the database down.

    Errors raised in other middleware (sessions, redirects) never reach
    process_exception; ``core.views.server_error`` (handler500) catches those.
    Nothing is kept between requests, so the site recovers on the first request
    after the database returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_down(exception):
            return database_unavailable_response(request, exception)
        return None


class URLLanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, taking the language from the URL's prefix only.

    /fr/… is French, an address with no language prefix is English
    (LANGUAGE_CODE). Django's own middleware would also read the browser's
    Accept-Language header and the language cookie for unprefixed addresses,
    and so add ``Vary: Accept-Language``: one URL would then show different
    pages to different visitors, and neither the page cache nor a CDN could
    share it. Here a visitor's browser language never redirects them nor
    changes what a URL shows; the language switcher on every page takes them
    to their language (docs/translation.md).
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
        return response


class KnownSiteMiddleware:
    """The Wagtail site and its root paths from memory for requests that only read (GET, HEAD).

    Wagtail looks the site up in the database on every request and reads its
    root paths from the cache; both change only when a site or page is saved,
    which starts a new cache generation (core/memo.py, core/site.py). Each is
    set where Wagtail looks for it first (``Site.find_for_request`` and
    ``Page._get_site_root_paths`` keep them on the request). The generation
    is read once for the whole request. Inside the page cache: a cached hit
    needs none of this.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with memo.one_generation():
            try:
                request._wagtail_site = site.known_site(request)
                request._wagtail_cached_site_root_paths = pagetree.site_root_paths()
            except Exception:
                # Only a shortcut, never the reason a request fails.
                # The database, or a cache that raises instead of missing (Django's
                # own Redis backend), is down: Wagtail looks them up itself where it
                # needs them, as without this middleware; /health/ still reports it.
                logger.debug("Site lookup left to Wagtail", exc_info=True)
            return self.get_response(request)
