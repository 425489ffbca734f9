"""What every page's <head>, breadcrumbs and footer need, worked out once per page.

``page_meta`` gives the title, description, canonical address, breadcrumb trail
and JSON-LD (see core/seo.py). ``site_links`` finds the footer's information
pages and report form, and ``main_menu`` the primary navigation, from the rows
found while routing (core.pagetree) or one shared query; both cope with no
request and no database, because the 500 page uses them too. ``site_name`` reads the name from settings,
so pages rendered without a database have it as well.
"""

import functools
import logging

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError
from django.urls import NoReverseMatch, reverse
from django.utils import dateformat, formats, timezone, translation
from django.utils.html import format_html
from wagtail.models import Page

from core import languages, memo, pagetree, seo, wording
from core.models import TranslationNotice
from core.site import COUNCIL, site_for
from core.site import site_name as configured_site_name

register = template.Library()
logger = logging.getLogger(__name__)

# Rendered fragments a process keeps per generation (``shared_fragment``: the frame, network cards; a
# card is about 1 KB); past this, more are rendered each time.
MAX_SHARED_FRAGMENTS = 2000


class SharedFragmentNode(template.Node):
    """Render once per cache generation, site, language and key, then hand out the same HTML (see ``shared_fragment``)."""

    def __init__(self, nodelist, name, keys=()):
        self.nodelist = nodelist
        self.name = name
        self.keys = keys

    def render(self, context):
        request = context.get("request")
        site = getattr(request, "_wagtail_site", None)
        if site is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        keys = tuple(_hashable(k.resolve(context)) for k in self.keys)
        if any(k is None or k == "" for k in keys):
            return self.nodelist.render(context)  # nothing to key on (no page): drawn each time
        key = (self.name, site.pk, translation.get_language(), *keys)
        kept = memo.kept_map("shared_fragments", limit=MAX_SHARED_FRAGMENTS)
        try:
            html = kept.get(key)
        except TypeError:  # a key that cannot be kept (unhashable): drawn each time
            return self.nodelist.render(context)
        if html is None:
            html = self.nodelist.render(context)
            if not memo.is_incomplete(request):
                kept.keep(key, html)
        return html


def _hashable(value):
    return tuple(value) if isinstance(value, list) else value


@register.tag
def shared_fragment(parser, token):
    """{% shared_fragment "name" [key …] %}…{% endshared_fragment %}: a part of the page frame that is the same on every page.

    The footer reads the site settings, the footer snippet and the legal
    pages, all kept per cache generation already (core/memo.py); drawing it is
    still dozens of template nodes and translations a page (about 8% of an
    uncached network page's instructions). Here it is drawn once per
    generation, site and language in each process: any save starts a new
    generation, so an editor's change shows on the next request as before.
    Only for what depends on nothing else: no page, no visitor, no query
    string. Previews, requests whose site is not known in advance (not a
    GET or HEAD: core.middleware.KnownSiteMiddleware) and renders that left
    something out (``memo.mark_incomplete``) are drawn afresh and not kept.

    Keys after the name are template values the fragment depends on, for a
    part drawn the same wherever it appears: a network's card on the landing
    page, the home page and other networks' pages is keyed by the network and
    the themes it lists (``{% shared_fragment "network-card" network.pk
    network.card_themes|pks %}``), the language switcher by the page. Everything
    the fragment shows must follow from its name, the site, the language and
    these keys; a key that is missing (None or empty, as ``page.pk`` is on a
    view that is not a page) draws it afresh and keeps nothing.
    """
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a quoted name, then any keys")
    keys = tuple(parser.compile_filter(bit) for bit in bits[2:])
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return SharedFragmentNode(nodelist, bits[1][1:-1], keys)


@register.filter
def pks(objects):
    """The primary keys of ``objects``, as a tuple: a ``shared_fragment`` key for a list of pages or themes."""
    return tuple(getattr(item, "pk", None) for item in objects or ())


@register.simple_tag
def site_name():
    return configured_site_name()


@register.simple_tag
def html_lang():
    """The language of the page being shown (the URL's), as ``<html lang>`` wants it: "en-GB", "fr", "zh-hans"."""
    return seo.language_tag()


@register.simple_tag
def home_url():
    """The home page's address in the active language ("/", "/fr/"), worked out without the database."""
    try:
        return reverse("wagtail_serve", args=[""])
    except NoReverseMatch:
        return "/"


@register.filter
def in_sentence(name):
    """A theme's name inside a sentence: lower case, except in languages that capitalise nouns."""
    return wording.in_sentence(str(name))


@register.filter
def with_lang(text, tag):
    """``text`` in a ``<span lang>`` when ``tag`` names its language (English on a translated page), else as it is."""
    return format_html('<span lang="{}">{}</span>', tag, text) if tag else text


@register.simple_tag
def wordmark():
    """The site's name split for the header's wordmark: its first word set apart from the rest."""
    first, _, rest = configured_site_name().partition(" ")
    return {"first": first, "rest": rest}


@register.simple_tag
def council():
    """{"name", "url"} of Leeds City Council, for the header and footer links back to its website."""
    return COUNCIL


@register.simple_tag
def last_updated(page):
    """The "Last updated" line: the day ``page`` was last published, in the site's time zone and the active language.

    Empty for a page never published. One tag for the network and information
    pages, so the markup is written once. What ``|date:'Y-m-d'`` and
    ``|date:"DATE_FORMAT"`` would give, for a fraction of their cost: Django
    formats a date one letter at a time, with a translated month name, and
    pages share a handful of days.
    """
    when = getattr(page, "last_published_at", None)
    if when is None:
        return ""
    day = timezone.localtime(when).date()
    text = _day_text(day, formats.get_format("DATE_FORMAT"), translation.get_language())
    return format_html(
        '<p class="last-updated">{} <time datetime="{}">{}</time></p>',
        translation.gettext("Last updated:"),
        day.isoformat(),
        text,
    )


@functools.lru_cache(maxsize=1024)
def _day_text(day, date_format, language):
    # The active language names the month: part of the key, like the format itself.
    return dateformat.format(day, date_format)


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
        "og_locale": seo.og_locale(),
        "title": meta.title,
        "document_title": meta.document_title,
        "description": meta.description,
        "canonical": meta.canonical,
        "noindex": bool(context.get("noindex")),
        "breadcrumbs": meta.breadcrumbs if len(meta.breadcrumbs) > 1 else [],
        "json_ld": seo.json_ld(meta, root_url),
        "alternates": alternates(context, root_url) if meta.canonical and not context.get("noindex") else [],
    }


def alternates(context, root_url):
    """[{"tag", "url"}…]: this page in each language it exists in, and x-default (English), as absolute URLs."""
    found = [
        {"tag": version.tag, "url": seo.absolute(root_url, version.url), "code": version.code}
        for version in languages.versions(context)
        if version.same
    ]
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    english = next((alt for alt in found if alt["code"] == default), None)
    if len(found) < 2 or english is None:
        return []
    return [*found, {"tag": "x-default", "url": english["url"], "code": ""}]


@register.simple_tag(takes_context=True)
def language_versions(context):
    """[Version…] for the language switcher (core/languages.py): one per language with something to link to."""
    try:
        return languages.versions(context)
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the page's languages")
        memo.mark_incomplete(context.get("request"))
        return []


@register.simple_tag(takes_context=True)
def translation_notice(context):
    """{"text", "link_text", "url"} on a translated page (not English) with a live English version; else None."""
    page = context.get("page")
    if not isinstance(page, Page) or pagetree.is_default_language():
        return None
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    english = next((v for v in languages.versions(context) if v.code == default and v.same), None)
    if english is None:
        return None
    notice = memo.per_generation("translation_notices", _translation_notices).get(pagetree.content_language())
    if notice is None:
        return None
    return {"text": notice.text, "link_text": notice.link_text, "url": english.url, "tag": english.tag}


def _translation_notices():
    """Each language's notice by language code: kept per cache generation (core/memo.py), so no query per page."""
    return {n.locale.language_code: n for n in TranslationNotice.objects.select_related("locale").order_by("-pk")}


def _site_root_path(request):
    site = site_for(request)
    return pagetree.site_root_path(site) if site else None


def in_own_language(rows, root_path):
    """Each page once: in the language of ``root_path`` where it is translated, else in English.

    ``ln_lang`` is set to the language tag of a page shown in another language
    (for its link's ``lang``), else "".
    """
    own = {row.translation_key for row in rows if row.url_path.startswith(root_path)}
    chosen = []
    for row in rows:
        if row.url_path.startswith(root_path):
            row.ln_lang = ""
        elif row.translation_key not in own:
            row.ln_lang = seo.language_tag(settings.LANGUAGE_CODE)
        else:
            continue
        chosen.append(row)
    return chosen


@register.simple_tag(takes_context=True)
def site_links(context):
    """{"information_pages": [{"title", "url"}…], "report_url": str or "", "here": str} for the footer.

    "here" is the address the report link names: the page's own (with the
    request, so from the root paths already on it rather than a cache round
    trip), else the path asked for.
    """
    request = context.get("request")
    try:
        root_path = _site_root_path(request)
        models = pagetree.footer_page_models()
        if root_path is None or not models:
            return {}
        # Content types come from Django's cache: no query per page type.
        roles = {ContentType.objects.get_for_model(model).pk: role for model, role in models.items()}
        links = {"information_pages": [], "report_url": "", "here": _here(context.get("page"), request)}
        for page in in_own_language(pagetree.frame_pages(request, root_path), root_path):
            if page.content_type_id not in roles or not page.live:
                continue  # a menu page, or the routed page's own parent
            if roles.get(page.content_type_id) == "report":
                links["report_url"] = links["report_url"] or pagetree.page_url(page, request)
            else:
                links["information_pages"].append(
                    {"title": page.title, "url": pagetree.page_url(page, request), "lang": page.ln_lang}
                )
        return links
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer's information pages")
        memo.mark_incomplete(request)
        return {}


def _here(page, request):
    if isinstance(page, Page):
        return pagetree.page_url(page, request) or ""
    return request.path if request is not None else ""


@register.simple_tag(takes_context=True)
def main_menu(context):
    """[{"title", "url", "current"}…]: the home page's live, public children with "Show in menus", in tree order.

    "current" is "page" on the page itself, "true" on the section the page is in, else "".
    """
    request = context.get("request")
    try:
        root_path = _site_root_path(request)
        rows = pagetree.frame_pages(request, root_path) if root_path is not None else []
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the main menu")
        memo.mark_incomplete(request)
        return []
    here = request.path if request is not None else ""
    items = []
    for page in rows:
        if not (page.show_in_menus and page.live and page.url_path.startswith(root_path)):
            continue
        url = pagetree.page_url(page, request)
        current = "page" if here == url else "true" if url and here.startswith(url) else ""
        items.append({"title": page.title, "url": url, "current": current})
    return items
