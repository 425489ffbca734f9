"""The page tree a request needs, in as few queries as Wagtail allows (issue 10: at most 8 per page).

Every language has its own tree: the home page in that language and its
descendants (issue 11). The tree is the active language's (the URL's prefix,
core.middleware.URLLanguageMiddleware), so a page costs the same queries in
every language, whatever the number of languages.

Wagtail's own routing walks the tree one level at a time (a query for each
page and another for its specific type), checks view restrictions with two
more, and every ``.public()`` reads every restriction again. Here:

- ``route`` finds the page and all its ancestors by ``url_path`` in one query,
  with the footer's pages (children of the home page of the types that declare
  ``footer_link``) and the main menu's (children with "Show in menus") in the same query, and each row marked private or not in SQL;
  then one query for the page's specific type, its SQL compiled once per process
  (``core/fixedquery.py``). Anything unusual (a page type
  with its own ``route``, an alias, a private page, no match) falls back to
  Wagtail's routing, so behaviour is Wagtail's in every case it handles.
- ``public`` excludes private pages with a subquery in the same SQL statement
  instead of a separate query for the restrictions.
- The rows that query finds are kept in each process's memory per cache
  generation (``kept_tree_rows``): any page save, move, deletion or privacy
  change starts a new one (pagecache/signals.py), so a page routed before in
  the same generation is routed with no query at all.
"""

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from . import fixedquery, memo

# Addresses whose tree rows a process keeps per generation; past this, more are read, not kept.
MAX_KEPT_ADDRESSES = 2000
# Page addresses a process keeps per generation (``page_url``); past this, more are worked out each time.
MAX_KEPT_URLS = 5000

CHAIN = "_ln_page_chain"
FOOTER = "_ln_footer_pages"
HOME = "_ln_home_page"
VERSIONS = "_ln_versions"


def site_root_paths():
    """Wagtail's ``Site.get_site_root_paths()``, kept per cache generation (core/memo.py).

    Wagtail keeps them in the cache, so each call is a round trip to Redis, and
    routing and the language switcher ask several times a page. Any page or
    site save starts a new generation, as it clears Wagtail's copy.
    """
    return memo.per_generation("site_root_paths", Site.get_site_root_paths)


def page_url(page, request):
    """``page.get_url(request)``, kept per cache generation (core/memo.py).

    A page's address follows from its ``url_path``, the sites' root paths, the
    site asking and the active language; any page or site save starts a new
    generation. Wagtail works it out afresh every time (a language switch and
    a ``reverse`` each), and a page links a dozen pages: the menu, the footer,
    the breadcrumbs, its own translations.
    """
    return _kept_url(page, request, "get_url")


def page_full_url(page, request):
    """``page.get_full_url(request)`` (the canonical address in a page's head), kept as ``page_url`` is."""
    return _kept_url(page, request, "get_full_url")


def _kept_url(page, request, method):
    site = getattr(request, "_wagtail_site", None)
    if site is None or type(page).get_url_parts is not Page.get_url_parts:
        return getattr(page, method)(request)
    key = (method, page.pk, page.url_path, site.pk, translation.get_language())
    kept = memo.kept_map("page_urls", limit=MAX_KEPT_URLS)
    url = kept.get(key)
    if url is None:
        url = getattr(page, method)(request)
        if url is not None:
            kept.keep(key, url)
    return url


def private_exists():
    """True in SQL for a page that is, or is below, a page with a view restriction."""
    return Exists(
        PageViewRestriction.objects.alias(restricted_path=F("page__path")).filter(
            restricted_path=Substr(OuterRef("path"), 1, Length(F("page__path")))
        )
    )


def public(queryset):
    """``queryset.public()`` without reading the restrictions first."""
    return queryset.alias(ln_private=private_exists()).filter(ln_private=False)


def footer_page_models():
    """Page types that declare ``footer_link`` ("information" or "report"), from any app."""
    return {model: model.footer_link for model in get_page_models() if getattr(model, "footer_link", None)}


def content_language(language=None):
    """Wagtail's content language for ``language`` (the active one by default); the default language if none fits."""
    try:
        return get_supported_content_language_variant(language or translation.get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def language_root_path(site, language=None):
    """``url_path`` of the site's home page in ``language`` (the active one by default), or None if it has none.

    The translated home pages are siblings of the English one under the tree's
    root ("/home-fr/"); Wagtail caches their paths with their languages, so
    this needs no query.
    """
    code = content_language(language)
    return next(
        (path for site_id, path, _url, lang in site_root_paths() if site_id == site.pk and lang == code),
        None,
    )


def site_root_path(site):
    """The home page's ``url_path`` in the active language, or the default language's when it has none."""
    return language_root_path(site) or language_root_path(site, settings.LANGUAGE_CODE)


def is_default_language():
    return content_language() == content_language(settings.LANGUAGE_CODE)


def footer_q(root_path):
    """Live pages of the footer's types directly under the page at ``root_path``."""
    models = footer_page_models()
    if not models or root_path is None:
        return Q(pk__in=[])
    return Q(
        url_path__startswith=root_path,
        depth=root_path.count("/") + 1,  # "/home/" is at depth 2; its children at depth 3
        live=True,
    ) & Page.objects.type_q(*models)


def menu_q(root_path):
    """Live pages with "Show in menus" ticked directly under the page at ``root_path`` (the main menu)."""
    if root_path is None:
        return Q(pk__in=[])
    return Q(url_path__startswith=root_path, depth=root_path.count("/") + 1, live=True, show_in_menus=True)


def default_root_path(root_path):
    """The default language's home page path on the site whose home (in some language) is at ``root_path``."""
    sites = [site_id for site_id, path, *_ in site_root_paths() if path == root_path]
    default = content_language(settings.LANGUAGE_CODE)
    return next(
        (path for site_id, path, _url, lang in site_root_paths() if site_id in sites and lang == default),
        None,
    )


def frame_q(root_path):
    """Every page's frame: the footer's pages and the main menu's.

    With the English footer's pages too on a translated page: the legal pages
    and the report form are linked from every page, in English where they
    have no translation (core_tags.site_links picks one per page).
    """
    query = footer_q(root_path) | menu_q(root_path)
    default = default_root_path(root_path)
    if default and default != root_path:
        query |= footer_q(default)
    return query


def tree_rows(root_path, url_paths, also=None):
    """The pages at ``url_paths``, the footer's and menu's pages and ``also``, each with ``ln_private``, in one query."""
    query = Q(url_path__in=url_paths) | frame_q(root_path)
    if also is not None:
        query |= also
    return list(Page.objects.filter(query).annotate(ln_private=private_exists()).order_by("path"))


class KeptRows:
    """Tree rows read in one generation: each row once, by pk, and which rows each address needed."""

    def __init__(self):
        self.rows = {}
        self.addresses = {}

    def get(self, key):
        """Copies of the rows kept for ``key``, or None: each request marks its own (``specific``, parents)."""
        pks = self.addresses.get(key)
        return None if pks is None else [memo.instance_copy(self.rows[pk]) for pk in pks]

    def keep(self, key, rows):
        if len(self.addresses) >= MAX_KEPT_ADDRESSES or not memo.may_keep():
            return
        for row in rows:
            self.rows.setdefault(row.pk, memo.instance_copy(row))
        self.addresses[key] = tuple(row.pk for row in rows)


def kept_tree_rows(key, load):
    """``load()``'s tree rows, kept per cache generation under ``key`` (core/memo.py).

    Rows are pages as the tree query reads them (plain Pages with
    ``ln_private``), read after the generation, so never older than it. What
    is kept is never handed out: every caller gets copies.
    """
    kept = memo.per_generation("tree_rows", KeptRows)
    rows = kept.get(key)
    if rows is None:
        rows = load()
        kept.keep(key, rows)
    return rows


def versions_q(site, url_path):
    """The page at ``url_path`` in every language, and every language's home page (core/languages.py).

    A subquery on the page's ``translation_key``, so routing finds them in its one query.
    """
    homes = [path for site_id, path, *_ in site_root_paths() if site_id == site.pk]
    same = Page.objects.filter(url_path=url_path).values("translation_key")
    return Q(translation_key__in=same) | Q(depth=2, url_path__in=homes)


def route(request, path):
    """Wagtail's RouteResult for ``path``, or None to let Wagtail route the request itself.

    Raises Http404 for an address in a language whose home page is missing or
    not live: Wagtail would serve the English page there (``Page.localized``
    falls back to it), and /fr/… must never show English pages.
    """
    site = Site.find_for_request(request)
    if site is None:
        return None
    root_path = language_root_path(site)
    if root_path is None:
        if is_default_language():
            return None
        raise Http404
    components = [c for c in path.split("/") if c]
    url_paths = [root_path + "".join(f"{c}/" for c in components[:i]) for i in range(len(components) + 1)]
    rows = kept_tree_rows(
        ("route", site.pk, root_path, url_paths[-1]),
        lambda: tree_rows(root_path, url_paths, also=versions_q(site, url_paths[-1])),
    )
    by_url_path = {row.url_path: row for row in rows}
    chain = [by_url_path.get(url_path) for url_path in url_paths]
    depth = root_path.count("/") + 1
    frame_roots = tuple(path for path in (root_path, default_root_path(root_path)) if path)
    setattr(
        request,
        FOOTER,
        [row for row in rows if row.depth == depth and not row.ln_private and row.url_path.startswith(frame_roots)],
    )
    setattr(request, HOME, chain[0])
    if chain[-1] is not None:
        setattr(request, VERSIONS, (chain[-1].pk, [row for row in rows if row.live and not row.ln_private]))
    if not is_default_language() and not (chain[0] and chain[0].live):
        raise Http404
    if not is_plain_chain(chain):
        return None
    page = fixedquery.specific(chain[-1])
    if len(chain) > 1:
        page._cached_parent_obj = chain[-2]
    # Nothing in the chain is private (is_plain_chain): Wagtail's check would find no restriction.
    page._ln_view_restrictions = []
    setattr(request, CHAIN, chain)
    try:
        return page.route(request, [])
    except Http404:
        return None


def is_plain_chain(chain):
    """Each page found, one level below the last, public, not an alias, routed the way Page routes."""
    if any(row is None for row in chain) or not chain[-1].live:
        return False
    for parent, child in zip(chain, chain[1:], strict=False):
        if child.depth != parent.depth + 1 or not child.path.startswith(parent.path):
            return False
    for row in chain:
        if row.ln_private or row.alias_of_id or row.specific_class is None:
            return False
        if row.specific_class.route is not Page.route and row is not chain[-1]:
            return False
    return True


def routed_versions(request, page):
    """Live, public rows found while routing to ``page`` (its translations and the home pages among them), or None."""
    found = getattr(request, VERSIONS, None) if request is not None else None
    if found and found[0] == page.pk:
        return found[1]
    return None


def ancestors(request, page):
    """The page's ancestors from the site's root page down, if this request routed to it; else None."""
    chain = getattr(request, CHAIN, None) if request is not None else None
    if chain and chain[-1].pk == page.pk and chain[0].depth == 2:
        return chain[:-1]
    return None


def frame_pages(request, root_path):
    """Public children of the home page for the footer and the main menu (callers pick theirs).

    Found while routing this request, else one query (with the home page
    itself, for ``home_page``), kept on the request for the next caller. May
    hold other live children of the home page too (the routed page's own
    chain), so callers filter by type or ``show_in_menus``.
    """
    pages = getattr(request, FOOTER, None) if request is not None else None
    if pages is None:
        depth = root_path.count("/") + 1
        rows = kept_tree_rows(("frame", root_path), lambda: tree_rows(root_path, [root_path]))
        pages = [row for row in rows if row.depth == depth and not row.ln_private]
        if request is not None:
            setattr(request, FOOTER, pages)
            setattr(request, HOME, next((row for row in rows if row.url_path == root_path), None))
    return pages


def home_page(request, site):
    """The site's home page in the request's language (a plain Page), found with the frame's pages."""
    root_path = site_root_path(site)
    if root_path is None:
        return None
    if getattr(request, HOME, None) is None or getattr(request, HOME).url_path != root_path:
        setattr(request, FOOTER, None)
        frame_pages(request, root_path)
    return getattr(request, HOME)


def page_language(page, root_paths):
    """The language of the tree ``page`` is in, from its ``url_path``: no query."""
    matches = [(len(path), lang) for path, lang in root_paths if page.url_path.startswith(path)]
    return max(matches)[1] if matches else None


def localized(pages):
    """``pages`` (plain Pages or None) each in the active language where it is translated and live.

    Like Wagtail's ``Page.localized`` but one query for the lot, and none when
    every page is already in the active language's tree.
    """
    root_paths = {(path, lang) for _site, path, _url, lang in site_root_paths()}
    code = content_language()
    foreign = {p.translation_key for p in pages if p is not None and page_language(p, root_paths) != code}
    if not foreign:
        return pages
    own_roots = [path for path, lang in root_paths if lang == code]
    query = Q(pk__in=[])
    for root in own_roots:
        query |= Q(url_path__startswith=root)
    found = {p.translation_key: p for p in Page.objects.filter(query, translation_key__in=foreign, live=True)}
    return [found.get(p.translation_key, p) if p is not None else None for p in pages]
