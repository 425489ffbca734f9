"""What search engines and link previews read: titles, descriptions, canonical links and JSON-LD.

``page_meta`` (core_tags) works this out once per page, for a Wagtail page or
for a plain view (search, not found), which passes ``page_title``,
``meta_description``, ``canonical_path`` and ``breadcrumbs`` in its context.
"""

import json
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import pagetree
from .site import COUNCIL, site_name
from .wording import in_sentence

# Open Graph wants language_TERRITORY; languages not listed use Django's to_locale.
OG_LOCALES = {"en-gb": "en_GB", "fr": "fr_FR", "de": "de_DE", "zh-hans": "zh_CN"}


def language_tag(code=None):
    """The BCP 47 tag for ``<html lang>``, hreflang and JSON-LD: "en-GB", "fr", "de", "zh-hans".

    A two-letter second part is a region, written in capitals; a longer one is
    a script, written as Django spells the language ("zh-hans").
    """
    code = code or translation.get_language() or "en-gb"
    language, _, rest = code.partition("-")
    return f"{language}-{rest.upper()}" if len(rest) == 2 else code


def og_locale(code=None):
    code = code or translation.get_language() or "en-gb"
    return OG_LOCALES.get(code, translation.to_locale(code))


# Characters that could end the <script> data block or start markup inside it.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass
class Meta:
    title: str
    document_title: str
    description: str = ""
    canonical: str = ""
    breadcrumbs: list = field(default_factory=list)
    modified: object = None


def json_ld_script(data):
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above


def absolute(root_url, url):
    if not url or url.startswith(("http://", "https://")):
        return url
    return root_url.rstrip("/") + url


def page_breadcrumbs(page, request):
    # Found while routing this request (core.pagetree), or one query. The
    # site root (depth 1) is Wagtail's invisible root, not a page anyone sees.
    trail = pagetree.ancestors(request, page)
    if trail is None:
        trail = list(page.get_ancestors().filter(depth__gt=1))
    return [{"title": p.title, "url": pagetree.page_url(p, request)} for p in [*trail, page]]


def meta_for_page(page, request, theme=None):
    name = site_name()
    is_home = page.depth <= 2
    getter = getattr(page, "get_meta_description", None)
    meta = Meta(
        title=page.seo_title or (name if is_home else page.title),
        document_title="",
        description=getter() if getter else page.search_description,
        canonical=pagetree.page_full_url(page, request),
        breadcrumbs=page_breadcrumbs(page, request),
        modified=page.last_published_at or page.latest_revision_created_at,
    )
    if theme is not None:
        # The landing page filtered by theme is its own view of the networks,
        # named with the theme in the page's language (core/localized.py) where translated.
        shown = getattr(theme, "shown", theme)
        theme_name = in_sentence(shown.name)
        meta.title = _("Networks working on %(theme)s: %(title)s") % {"theme": theme_name, "title": meta.title}
        meta.description = shown.description or (
            _("International city networks Leeds belongs to that work on %(theme)s.") % {"theme": theme_name}
        )
        meta.canonical = f"{meta.canonical}?theme={theme.slug}"
    meta.document_title = meta.title if is_home and theme is None else f"{meta.title} | {name}"
    return meta


def meta_for_view(context, root_url):
    title = context.get("page_title") or site_name()
    path = context.get("canonical_path")
    return Meta(
        title=title,
        document_title=f"{title} | {site_name()}",
        description=context.get("meta_description", ""),
        canonical=absolute(root_url, path) if path and root_url else "",
        breadcrumbs=list(context.get("breadcrumbs") or []),
    )


def website_graph(root_url):
    """The council and the website: the same on every page."""
    home_url = absolute(root_url, "/")
    organisation = {"@type": "GovernmentOrganization", "@id": f"{home_url}#council", **COUNCIL}
    website = {
        "@type": "WebSite",
        "@id": f"{home_url}#website",
        "name": site_name(),
        "url": home_url,
        "inLanguage": language_tag(),
        "publisher": {"@id": organisation["@id"]},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": absolute(root_url, "/search/?q={search_term_string}")},
            "query-input": "required name=search_term_string",
        },
    }
    return organisation, website


def breadcrumb_list(breadcrumbs, root_url):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": crumb["title"], "item": absolute(root_url, crumb["url"])}
            for i, crumb in enumerate(breadcrumbs, start=1)
        ],
    }


def webpage_graph(meta, root_url, organisation, website):
    webpage = {
        "@type": "WebPage",
        "@id": meta.canonical,
        "url": meta.canonical,
        "name": meta.title,
        "inLanguage": language_tag(),
        "isPartOf": {"@id": website["@id"]},
        "publisher": {"@id": organisation["@id"]},
    }
    if meta.description:
        webpage["description"] = meta.description
    if meta.modified:
        webpage["dateModified"] = meta.modified.isoformat()
    if meta.breadcrumbs:
        webpage["breadcrumb"] = breadcrumb_list(meta.breadcrumbs, root_url)
    return webpage


def json_ld(meta, root_url):
    """The schema.org graph for a page, or "" when the site's address is unknown."""
    if not root_url:
        return ""
    organisation, website = website_graph(root_url)
    graph = [organisation, website]
    if meta.canonical:
        graph.append(webpage_graph(meta, root_url, organisation, website))
    return json_ld_script({"@context": "https://schema.org", "@graph": graph})
