"""Wagtail's page serving with fewer queries, the site's error pages, robots.txt and /favicon.ico.

``page_not_found`` is handler404. ``server_error`` is handler500: it gives the
static 503 page when the database is what failed (an error raised outside a
view, which ``core.middleware.DatabaseUnavailableMiddleware`` cannot see), and
Django's 500 page otherwise.
"""

import functools
import sys

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_safe
from wagtail import views as wagtail_views

from . import pagetree
from .site import site_name
from .unavailable import database_unavailable_response, is_database_down


def page_not_found(request, exception=None):
    context = {
        "page_title": _("Page not found"),
        "meta_description": _("The page you asked for is not on the %(site)s website.") % {"site": site_name()},
        "noindex": True,
        "request_path": request.path,
    }
    return TemplateResponse(request, "404.html", context, status=404).render()


def server_error(request):
    exception = sys.exc_info()[1]
    if is_database_down(exception):
        return database_unavailable_response(request, exception)
    return defaults.server_error(request)


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /send-report/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _favicon_bytes():
    # Committed beside favicon.svg; read once per worker.
    return (settings.BASE_DIR / "static" / "favicon.ico").read_bytes()


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24 * 7)
def favicon_ico(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page links to.

    Pages link the fingerprinted static/favicon.svg; this address cannot be
    fingerprinted, so it is kept for a week rather than for ever.
    """
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


def serve(request, path):
    """Wagtail's ``serve``, routed by ``core.pagetree`` in two queries (Wagtail routes what it declines)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        route = pagetree.route(request, path)
        if route is not None:
            # Wagtail's Page.route_for_request reads this attribute before routing itself.
            request._wagtail_route_for_request = route
    return wagtail_views.serve(request, path)
