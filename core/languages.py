"""The same page in every language: the language switcher, hreflang alternates and the translation notice.

Worked out once per request, in one query for a Wagtail page: the live, public
pages sharing the page's ``translation_key`` and the live home page of each
language, each row's language read from its ``url_path`` (the tree it is in),
so no Locale is looked up. Views that are not pages (search, the report form's
"sent" page) exist in every language at the same address under each prefix;
a not-found page offers each language's home page.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse, translate_url
from django.utils import translation
from wagtail.models import Page, Site

from . import pagetree, seo

CACHE = "_ln_languages"


@dataclass
class Version:
    """One language's link from this page: to the same page (``same``) or else to that language's home page."""

    code: str
    name: str
    tag: str
    url: str
    same: bool
    current: bool


def site_languages():
    return [(code, str(name)) for code, name in settings.LANGUAGES]


def page_versions(page, request):
    """{language code: URL} of the live, public translations of ``page`` and of each language's home page."""
    site = Site.find_for_request(request) if request is not None else None
    roots = [
        (path, lang) for site_id, path, _url, lang in pagetree.site_root_paths() if site is None or site_id == site.pk
    ]
    if not roots:
        return {}, {}
    rows = pagetree.routed_versions(request, page)
    if rows is None:
        # A page Wagtail routed itself, or a preview: one query.
        query = Q(translation_key=page.translation_key) | Q(url_path__in=[path for path, _ in roots], depth=2)
        rows = pagetree.public(Page.objects.live().filter(query)).only(
            "id", "url_path", "translation_key", "depth", "path", "locale_id"
        )
    same, homes = {}, {}
    for row in rows:
        code = pagetree.page_language(row, roots)
        if code is None:
            continue
        if row.translation_key == page.translation_key:
            same[code] = pagetree.page_url(row, request)
        if row.depth == 2 and row.url_path in dict(roots):
            homes[code] = pagetree.page_url(row, request)
    return same, homes


def view_versions(request):
    """{code: URL} of a view that is not a page (search, report sent) in every language; None for a 404."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name == "wagtail_serve":
        return None
    path = request.get_full_path()
    return {code: translate_url(path, code) for code, _ in site_languages()}


def versions(context):
    """[Version…] for every site language that has something to link to, the current language first marked."""
    request = context.get("request")
    cached = getattr(request, CACHE, None) if request is not None else None
    if cached is not None:
        return cached
    page = context.get("page")
    current = pagetree.content_language()
    if isinstance(page, Page) and page.id:
        same, homes = page_versions(page, request)
    else:
        homes = home_versions(request)
        same = {code: url for code, url in (view_versions(request) or {}).items() if code in homes}
    found = []
    for code, name in site_languages():
        url = same.get(code) or homes.get(code)
        if url:
            found.append(Version(code, name, seo.language_tag(code), url, code in same, code == current))
    if request is not None:
        setattr(request, CACHE, found)
    return found


def home_versions(request):
    """{code: URL} of each language's home page, from Wagtail's cached root paths: no query.

    Drafts included: a language appears here once its home page exists.
    """
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {}
    homes = {}
    for site_id, _path, _url, lang in pagetree.site_root_paths():
        if site_id == site.pk:
            with translation.override(lang):
                homes[lang] = reverse("wagtail_serve", args=[""])
    return homes
