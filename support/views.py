import re
import unicodedata

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, Site
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from .models import ReportProblemPage

RESULTS_PER_PAGE = 10


def _home(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


def _home_crumb(request):
    home = _home(request)
    return {"title": home.title if home else "Home", "url": home.get_url(request) if home else "/"}


def clean_query(raw):
    """The query as typed, less control and formatting characters (NUL, bidi overrides…)."""
    text = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())[:MAX_QUERY_STRING_LENGTH]


def search_words(query):
    """Only the words: quotes and symbols are operators to SQLite's and PostgreSQL's full-text syntax."""
    return " ".join(re.findall(r"\w+", query))


@require_GET
def search(request):
    query = clean_query(request.GET.get("q", ""))
    results = promotions = None
    if query:
        pages = Page.objects.live().public()
        home = _home(request)
        if home is not None:
            pages = pages.descendant_of(home, inclusive=True)
        words = search_words(query)
        # Grouped by page type, so each result's own fields cost one query per type, not one per result.
        found = pages.specific().search(words) if words else Page.objects.none()
        paginator = Paginator(found, RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
        # Editors may promote a page that has since been unpublished or made private: leave it out.
        promotions = list(
            SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
            .filter(Q(page__isnull=True) | Q(page__in=Page.objects.live().public()))
            .select_related("page")
            .order_by("sort_order")
        )

    if not query:
        title = "Search"
    else:
        title = f"Search results for “{query}”"
        if results.number > 1:
            title += f" (page {results.number} of {results.paginator.num_pages})"
    context = {
        "query": query,
        "results": results,
        "promotions": promotions,
        "page_title": title,
        "meta_description": (
            f"Pages on the Leeds international networks website that match “{query}”."
            if query
            else "Search the Leeds international networks pages of Leeds City Council."
        ),
        "canonical_path": reverse("search"),
        "noindex": bool(query),
        "breadcrumbs": [_home_crumb(request), {"title": "Search", "url": reverse("search")}],
        "hide_header_search": True,
    }
    return TemplateResponse(request, "pages/search.html", context)


@csrf_exempt  # see support/protection.py: the form sets no cookie, so it carries no CSRF token
@require_POST
def report_problem_send(request, page_id):
    page = get_object_or_404(ReportProblemPage.objects.live().public(), pk=page_id)
    return page.serve(request)


@require_GET
@cache_control(max_age=60 * 60)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /send-report/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    context = {
        "page_title": "Page not found",
        "meta_description": "The page you asked for is not on the Leeds international networks website.",
        "noindex": True,
        "request_path": request.path,
    }
    return TemplateResponse(request, "404.html", context, status=404).render()
