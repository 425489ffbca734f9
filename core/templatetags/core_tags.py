"""What every page's <head>, breadcrumbs and footer need, worked out once per page.

``page_meta`` gives the title, description, canonical address, breadcrumb trail
and JSON-LD (see core/seo.py). ``site_links`` finds the footer's information
pages and report form in one query and ``main_menu`` the primary navigation in
one more; both cope with no request and no database, because the 500 page uses
them too. ``site_name`` reads the name from settings,
so pages rendered without a database have it as well.
"""

import logging

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.db.models import Exists, OuterRef, Q
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from core import seo
from core.site import COUNCIL, site_for
from core.site import site_name as configured_site_name

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def site_name():
    return configured_site_name()


@register.simple_tag
def wordmark():
    """The site's name split for the header's wordmark: its first word set apart from the rest."""
    first, _, rest = configured_site_name().partition(" ")
    return {"first": first, "rest": rest}


@register.simple_tag
def council():
    """{"name", "url"} of Leeds City Council, for the header and footer links back to its website."""
    return COUNCIL


@register.simple_tag(takes_context=True)
def page_meta(context):
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    site = site_for(request) if (request is not None or page is not None) else None
    root_url = site.root_url if site else ""
    if page is not None:
        meta = seo.meta_for_page(page, request, theme=context.get("selected_theme"))
    else:
        meta = seo.meta_for_view(context, root_url)
    return {
        "site_name": configured_site_name(),
        "title": meta.title,
        "document_title": meta.document_title,
        "description": meta.description,
        "canonical": meta.canonical,
        "noindex": bool(context.get("noindex")),
        "breadcrumbs": meta.breadcrumbs if len(meta.breadcrumbs) > 1 else [],
        "json_ld": seo.json_ld(meta, root_url),
    }


def footer_page_models():
    """Page types that declare ``footer_link`` ("information" or "report"), from any app."""
    return {model: model.footer_link for model in get_page_models() if getattr(model, "footer_link", None)}


def _site_root_path(request):
    site = site_for(request)
    if site is None:
        return None
    # Wagtail caches the root paths (URL paths), so the site's root page needs no query.
    return next((path for site_id, path, *_ in Site.get_site_root_paths() if site_id == site.pk), None)


@register.simple_tag(takes_context=True)
def site_links(context):
    """{"information_pages": [{"title", "url"}…], "report_url": str or ""} for the footer."""
    request = context.get("request")
    try:
        root_path = _site_root_path(request)
        models = footer_page_models()
        if root_path is None or not models:
            return {}
        pages = Page.objects.live().public().filter(url_path__startswith=root_path).type(*models).order_by("path")
        # Content types come from Django's cache: no query per page type.
        roles = {ContentType.objects.get_for_model(model).pk: role for model, role in models.items()}
        # Children of the site's root page have one more segment than it has.
        depth = root_path.count("/") + 1
        links = {"information_pages": [], "report_url": ""}
        for page in pages:
            if page.url_path.count("/") != depth:
                continue
            if roles.get(page.content_type_id) == "report":
                links["report_url"] = links["report_url"] or page.get_url(request)
            else:
                links["information_pages"].append({"title": page.title, "url": page.get_url(request)})
        return links
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer's information pages")
        return {}


def _menu_pages(site):
    """The home page's live children with "Show in menus" ticked, in page-tree order, in one query.

    Wagtail's ``public()`` costs a second query (it loads every view restriction);
    for children of the home page only they and the home page can carry one, so
    two ``NOT EXISTS`` subqueries say the same in the one query.
    """
    root_path = next((path for site_id, path, *_ in Site.get_site_root_paths() if site_id == site.pk), None)
    if root_path is None:
        return []
    restricted = PageViewRestriction.objects.filter(Q(page_id=OuterRef("pk")) | Q(page_id=site.root_page_id))
    return list(
        Page.objects.live()
        .in_menu()
        # A page's url_path has one "/" per level of the tree: "/home/international/" is depth 3.
        .filter(url_path__startswith=root_path, depth=root_path.count("/") + 1)
        .exclude(Exists(restricted))
        .order_by("path")
    )


@register.simple_tag(takes_context=True)
def main_menu(context):
    """[{"title", "url", "current"}…] for the primary navigation; "current" is "page", "true" or ""."""
    request = context.get("request")
    try:
        site = site_for(request)
        pages = _menu_pages(site) if site is not None else []
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the main menu")
        return []
    here = request.path if request is not None else ""
    items = []
    for page in pages:
        url = page.get_url(request)
        current = "page" if here == url else "true" if url and here.startswith(url) else ""
        items.append({"title": page.title, "url": url, "current": current})
    return items
