"""What every page's <head>, breadcrumbs and footer need, worked out once per page.

``page_meta`` gives the title, description, canonical address, breadcrumb trail
and JSON-LD for a Wagtail page or for a plain view (search, not found), which
passes ``page_title``, ``meta_description``, ``canonical_path`` and
``breadcrumbs`` in its context instead.

``support_links`` finds the information pages and the report form for the
footer in one query; it copes with no request and no database, because the
500 page uses it too.
"""

import json
import logging

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.utils.safestring import mark_safe
from wagtail.models import Page, Site

from support.models import InformationPage, ReportProblemPage

register = template.Library()
logger = logging.getLogger(__name__)

SITE_NAME = "Leeds international networks"
COUNCIL = {"name": "Leeds City Council", "url": "https://www.leeds.gov.uk/"}
LANGUAGE = "en-GB"

# Characters that could end the <script> data block or start markup inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def _site(request):
    if request is not None:
        return Site.find_for_request(request)
    return Site.objects.filter(is_default_site=True).first()


def _absolute(root_url, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url.rstrip("/") + url


def _page_breadcrumbs(page, request):
    # The site root (depth 1) is Wagtail's invisible root, not a page anyone sees.
    trail = list(page.get_ancestors().filter(depth__gt=1))
    return [{"title": p.title, "url": p.get_url(request)} for p in [*trail, page]]


@register.simple_tag(takes_context=True)
def page_meta(context):
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    site = _site(request) if (request is not None or page is not None) else None
    root_url = site.root_url if site else ""

    if page is not None:
        is_home = page.depth <= 2
        title = page.seo_title or (SITE_NAME if is_home else page.title)
        getter = getattr(page, "get_meta_description", None)
        description = getter() if getter else page.search_description
        canonical = page.get_full_url(request)
        breadcrumbs = _page_breadcrumbs(page, request)
        modified = page.last_published_at or page.latest_revision_created_at
        theme = context.get("selected_theme")
        if theme is not None:
            # The landing page filtered by theme is its own view of the networks.
            title = f"Networks working on {theme.name.lower()}: {title}"
            description = (
                theme.description or f"International city networks Leeds belongs to that work on {theme.name.lower()}."
            )
            canonical = f"{canonical}?theme={theme.slug}"
        document_title = title if is_home and theme is None else f"{title} | {SITE_NAME}"
    else:
        title = context.get("page_title") or SITE_NAME
        description = context.get("meta_description", "")
        path = context.get("canonical_path")
        canonical = _absolute(root_url, path) if path and root_url else ""
        breadcrumbs = list(context.get("breadcrumbs") or [])
        modified = None
        document_title = f"{title} | {SITE_NAME}"

    json_ld = ""
    if root_url:
        home_url = _absolute(root_url, "/")
        organisation = {"@type": "GovernmentOrganization", "@id": f"{home_url}#council", **COUNCIL}
        website = {
            "@type": "WebSite",
            "@id": f"{home_url}#website",
            "name": SITE_NAME,
            "url": home_url,
            "inLanguage": LANGUAGE,
            "publisher": {"@id": organisation["@id"]},
            "potentialAction": {
                "@type": "SearchAction",
                "target": {
                    "@type": "EntryPoint",
                    "urlTemplate": _absolute(root_url, "/search/?q={search_term_string}"),
                },
                "query-input": "required name=search_term_string",
            },
        }
        graph = [organisation, website]
        if canonical:
            webpage = {
                "@type": "WebPage",
                "@id": canonical,
                "url": canonical,
                "name": title,
                "inLanguage": LANGUAGE,
                "isPartOf": {"@id": website["@id"]},
                "publisher": {"@id": organisation["@id"]},
            }
            if description:
                webpage["description"] = description
            if modified:
                webpage["dateModified"] = modified.isoformat()
            if breadcrumbs:
                webpage["breadcrumb"] = {
                    "@type": "BreadcrumbList",
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": i,
                            "name": crumb["title"],
                            "item": _absolute(root_url, crumb["url"]),
                        }
                        for i, crumb in enumerate(breadcrumbs, start=1)
                    ],
                }
            graph.append(webpage)
        json_ld = json_ld_script({"@context": "https://schema.org", "@graph": graph})

    return {
        "site_name": SITE_NAME,
        "title": title,
        "document_title": document_title,
        "description": description,
        "canonical": canonical,
        "noindex": bool(context.get("noindex")),
        "breadcrumbs": breadcrumbs if len(breadcrumbs) > 1 else [],
        "json_ld": json_ld,
    }


@register.simple_tag(takes_context=True)
def support_links(context):
    """{"information_pages": [{"title", "url"}…], "report_url": str or ""} for the footer."""
    request = context.get("request")
    try:
        site = _site(request)
        if site is None:
            return {}
        root_path = next((path for site_id, path, *_ in Site.get_site_root_paths() if site_id == site.pk), None)
        if root_path is None:
            return {}
        # Wagtail caches the root paths (URL paths), so the site's root page
        # needs no query: its children have one more segment than it has.
        pages = (
            Page.objects.live()
            .public()
            .filter(url_path__startswith=root_path)
            .type(InformationPage, ReportProblemPage)
            .order_by("path")
        )
        report_type = ContentType.objects.get_for_model(ReportProblemPage).pk
        links = {"information_pages": [], "report_url": ""}
        depth = root_path.count("/") + 1
        for page in pages:
            if page.url_path.count("/") != depth:
                continue
            url = page.get_url(request)
            if page.content_type_id == report_type:
                links["report_url"] = links["report_url"] or url
            else:
                links["information_pages"].append({"title": page.title, "url": url})
        return links
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer's support pages")
        return {}
