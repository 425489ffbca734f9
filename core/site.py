"""The site's name and its home page, for views and templates that are not Wagtail pages.

The name is set once, as ``WAGTAIL_SITE_NAME`` in settings, and read here
everywhere else: the admin, templates (the ``site_name`` tag), the 500 and
503 pages (which render without the database) and views.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from django.utils.translation import gettext as _
from wagtail.models import Site

from . import memo, pagetree

# Allowed host and port pairs remembered per generation; more are looked up in
# the database each time, as Wagtail does.
MAX_KNOWN_HOSTS = 16

COUNCIL = {"name": "Leeds City Council", "url": "https://www.leeds.gov.uk/"}


def site_name():
    return settings.WAGTAIL_SITE_NAME


def site_for(request):
    """The Wagtail site serving ``request``, or the default site when there is no request."""
    if request is not None:
        return Site.find_for_request(request)
    return Site.objects.filter(is_default_site=True).first()


def known_site(request):
    """``Site.find_for_request(request)``'s answer, kept per cache generation (core/memo.py).

    Wagtail asks the database on every request; the answer changes only when a
    site or page is saved, which starts a new generation.
    """
    try:
        request.get_host()
    except DisallowedHost:
        # Not one of ours (Django answers 400 anyway): never remembered.
        return Site._find_for_request(request)
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    known = memo.kept_map("sites_by_host", limit=MAX_KNOWN_HOSTS)
    if key in known:
        return known[key]
    site = Site._find_for_request(request)
    known.keep(key, site)
    return site


def home_page(request):
    """The home page in the request's language (the URL's), or the default language's when it has none."""
    site = site_for(request)
    if site is None:
        return None
    if request is None:
        return site.root_page
    return pagetree.home_page(request, site) or site.root_page


def home_crumb(request):
    home = home_page(request)
    return {"title": home.title if home else _("Home"), "url": pagetree.page_url(home, request) if home else "/"}
