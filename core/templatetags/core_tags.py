"""What every page's <head>, breadcrumbs and footer need, worked out once per page.

``page_meta`` gives the title, description, canonical address, breadcrumb trail
and JSON-LD (see core/seo.py). ``site_links`` finds the footer's information
pages and report form in one query; it copes with no request and no database,
because the 500 page uses it too. ``site_name`` reads the name from settings,
so pages rendered without a database have it as well.
"""

import logging

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from wagtail.models import Page

from core import pagetree, seo
from core.site import site_for
from core.site import site_name as configured_site_name

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def site_name():
    return configured_site_name()


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


def _site_root_path(request):
    site = site_for(request)
    return pagetree.site_root_path(site) if site else None


def _footer_pages(request, root_path):
    """Found while routing this request (core.pagetree), or one query."""
    pages = pagetree.footer_pages(request)
    if pages is None:
        pages = pagetree.public(Page.objects.filter(pagetree.footer_q(root_path))).order_by("path")
    return pages


@register.simple_tag(takes_context=True)
def site_links(context):
    """{"information_pages": [{"title", "url"}…], "report_url": str or ""} for the footer."""
    request = context.get("request")
    try:
        root_path = _site_root_path(request)
        models = pagetree.footer_page_models()
        if root_path is None or not models:
            return {}
        # Content types come from Django's cache: no query per page type.
        roles = {ContentType.objects.get_for_model(model).pk: role for model, role in models.items()}
        links = {"information_pages": [], "report_url": ""}
        for page in _footer_pages(request, root_path):
            if roles.get(page.content_type_id) == "report":
                links["report_url"] = links["report_url"] or page.get_url(request)
            else:
                links["information_pages"].append({"title": page.title, "url": page.get_url(request)})
        return links
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer's information pages")
        return {}
