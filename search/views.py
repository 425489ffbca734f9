import re
import unicodedata

from django.core.paginator import Paginator
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site, get_page_models
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from core import pagetree
from core.site import home_crumb, home_page, site_name
from pagecache.params import cache_by

RESULTS_PER_PAGE = 10


def clean_query(raw):
    """The query as typed, less control and formatting characters (NUL, bidi overrides…)."""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:MAX_QUERY_STRING_LENGTH]


def search_words(query):
    """Only the words: quotes and symbols are operators to SQLite's and PostgreSQL's full-text syntax."""
    return " ".join(re.findall(r"\w+", query))


def find_pages(request, query):
    """A page of live, public results under this site's home page, grouped by type for one query per type."""
    # Private pages are left out by a subquery in the same statement
    # (core.pagetree.public), not by reading every restriction first.
    pages = Page.objects.live().filter(pk__in=pagetree.public(Page.objects.all()).values("pk"))
    home = home_page(request)
    if home is not None:
        pages = pages.descendant_of(home, inclusive=True)
    words = search_words(query)
    found = pages.search(words) if words else Page.objects.none()
    results = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    describe(results)
    return results


def describe(pages):
    """Set ``description`` on each page: its search description or summary, every page type in one query.

    Fetching each result's specific type would cost a query per type on the page.
    """
    summaries = [
        F(f"{model._meta.model_name}__{model.summary_field}")
        for model in get_page_models()
        if getattr(model, "summary_field", "") and model._meta.get_parent_list() == [Page]
    ]
    if not pages or not summaries:
        return
    summary = Coalesce(*summaries, Value(""), output_field=TextField()) if len(summaries) > 1 else summaries[0]
    found = dict(
        Page.objects.filter(pk__in=[p.pk for p in pages]).annotate(summary=summary).values_list("pk", "summary")
    )
    for page in pages:
        page.description = page.search_description or found.get(page.pk) or ""


def promoted(query):
    """Editors' promoted results; a promoted page since unpublished or made private is left out."""
    return list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .filter(Q(page__isnull=True) | Q(page__in=pagetree.public(Page.objects.live())))
        .select_related("page")
        .order_by("sort_order")
    )


def browse_page(request):
    """The live, public page under the home page that declares ``browse_from_here`` (the networks' landing page), or None.

    Found by what the page type says of itself, so this app names no other app's model.
    """
    home = home_page(request)
    models = [model for model in get_page_models() if getattr(model, "browse_from_here", False)]
    if home is None or not models:
        return None
    return pagetree.public(Page.objects.live().child_of(home).type(*models)).order_by("path").first()


def page_title(query, results):
    if not query:
        return _("Search")
    if results.number > 1:
        return _("Search results for “%(query)s” (page %(number)s of %(pages)s)") % {
            "query": query,
            "number": results.number,
            "pages": results.paginator.num_pages,
        }
    return _("Search results for “%(query)s”") % {"query": query}


@require_GET
def search(request):
    site = Site.find_for_request(request)
    if site is not None and pagetree.language_root_path(site) is None:
        # A site language with no home page yet: nothing to search, and never the English pages.
        raise Http404
    query = clean_query(request.GET.get("q", ""))
    results = find_pages(request, query) if query else None
    # The page cache keeps a copy only for the words and page number as shown.
    cache_by(request, q=query)
    if results is not None:
        cache_by(request, page=results.number)
    name = site_name()
    context = {
        "query": query,
        "results": results,
        "promotions": promoted(query) if query else None,
        "page_title": page_title(query, results),
        "meta_description": (
            _("Pages on the %(site)s website that match “%(query)s”.") % {"site": name, "query": query}
            if query
            else _("Search the %(site)s pages of Leeds City Council.") % {"site": name}
        ),
        "canonical_path": reverse("search"),
        "noindex": bool(query),
        "breadcrumbs": [home_crumb(request), {"title": _("Search"), "url": reverse("search")}],
        "hide_header_search": True,
        # Only a search that found nothing offers the landing page instead.
        "browse_page": browse_page(request) if results is not None and not results.paginator.count else None,
    }
    return TemplateResponse(request, "pages/search.html", context)
