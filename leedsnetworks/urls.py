from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.urls import serve_pattern

from adminsecurity.media import media_urlpatterns
from adminsecurity.password_reset import ThrottledPasswordResetView
from core.sitemap import LanguageSitemap
from core.views import favicon_ico, robots_txt, serve
from ops.views import health

urlpatterns = [
    # Wagtail's reset view, throttled (adminsecurity/password_reset.py); ahead of the admin's own.
    path("admin/password_reset/", ThrottledPasswordResetView.as_view(), name="wagtailadmin_password_reset"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),
    # The read-only content API (api/, docs/api.md).
    path("api/", include("api.urls")),
    # Drafts shared with people who have no account (previews/, docs/preview-links.md).
    path("preview/", include("previews.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon_ico, name="favicon_ico"),
    # Every language's pages, each with its translations as alternates (core/sitemap.py).
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": LanguageSitemap}}, name="sitemap"),
    *media_urlpatterns(),
    path("", include([p for p in wagtail_urls.urlpatterns if getattr(p, "name", None) != "wagtail_serve"])),
]

# What visitors read, in every language: English at today's addresses, the
# others under /fr/, /de/, /zh-hans/… (LANGUAGES; docs/translation.md). The
# language comes from this prefix only (core.middleware.URLLanguageMiddleware).
urlpatterns += i18n_patterns(
    path("", include("search.urls")),
    path("", include("reports.urls")),
    # Wagtail serves every other path from the page tree; keep this last.
    # The same pattern and name as Wagtail's, routed in fewer queries (core/pagetree.py).
    re_path(serve_pattern, serve, name="wagtail_serve"),
    prefix_default_language=False,
)

# Not-found pages in the site design, with their own title and description.
handler404 = "core.views.page_not_found"
# The static 503 page when the database is down, Django's 500 otherwise.
handler500 = "core.views.server_error"
