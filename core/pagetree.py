"""The page tree a request needs, in as few queries as Wagtail allows (issue 10: at most 8 per page).

Wagtail's own routing walks the tree one level at a time (a query for each
page and another for its specific type), checks view restrictions with two
more, and every ``.public()`` reads every restriction again. Here:

- ``route`` finds the page and all its ancestors by ``url_path`` in one query,
  with the footer's pages (children of the home page of the types that declare
  ``footer_link``) and the main menu's (children with "Show in menus") in the same query, and each row marked private or not in SQL;
  then one query for the page's specific type. Anything unusual (a page type
  with its own ``route``, an alias, a private page, no match) falls back to
  Wagtail's routing, so behaviour is Wagtail's in every case it handles.
- ``public`` excludes private pages with a subquery in the same SQL statement
  instead of a separate query for the restrictions.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

CHAIN = "_ln_page_chain"
FOOTER = "_ln_footer_pages"


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


def site_root_path(site):
    # Wagtail caches the root paths, so the site's root page needs no query.
    return next((path for site_id, path, *_ in Site.get_site_root_paths() if site_id == site.pk), None)


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


def frame_q(root_path):
    """Every page's frame: the footer's pages and the main menu's."""
    return footer_q(root_path) | menu_q(root_path)


def tree_rows(root_path, url_paths):
    """The pages at ``url_paths`` and the footer's and menu's pages, each with ``ln_private``, in one query."""
    query = Q(url_path__in=url_paths) | frame_q(root_path)
    return list(Page.objects.filter(query).annotate(ln_private=private_exists()).order_by("path"))


def route(request, path):
    """Wagtail's RouteResult for ``path``, or None to let Wagtail route the request itself."""
    site = Site.find_for_request(request)
    root_path = site_root_path(site) if site else None
    if root_path is None:
        return None
    components = [c for c in path.split("/") if c]
    url_paths = [root_path + "".join(f"{c}/" for c in components[:i]) for i in range(len(components) + 1)]
    rows = tree_rows(root_path, url_paths)
    by_url_path = {row.url_path: row for row in rows}
    chain = [by_url_path.get(url_path) for url_path in url_paths]
    depth = root_path.count("/") + 1
    setattr(request, FOOTER, [row for row in rows if row.depth == depth and not row.ln_private])
    if not is_plain_chain(chain):
        return None
    page = chain[-1].specific
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


def ancestors(request, page):
    """The page's ancestors from the site's root page down, if this request routed to it; else None."""
    chain = getattr(request, CHAIN, None) if request is not None else None
    if chain and chain[-1].pk == page.pk and chain[0].depth == 2:
        return chain[:-1]
    return None


def frame_pages(request, root_path):
    """Public children of the home page for the footer and the main menu (callers pick theirs).

    Found while routing this request, else one query, kept on the request for
    the next caller. May hold other live children of the home page too (the
    routed page's own chain), so callers filter by type or ``show_in_menus``.
    """
    pages = getattr(request, FOOTER, None) if request is not None else None
    if pages is None:
        pages = list(public(Page.objects.filter(frame_q(root_path))).order_by("path"))
        if request is not None:
            setattr(request, FOOTER, pages)
    return pages
