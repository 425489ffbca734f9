from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from adminsecurity.media import media_urlpatterns
from adminsecurity.password_reset import ThrottledPasswordResetView
from core.views import robots_txt
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
    path("", include("search.urls")),
    path("", include("reports.urls")),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    *media_urlpatterns(),
    # Wagtail serves every other path from the page tree; keep this last.
    path("", include(wagtail_urls)),
]

# Not-found pages in the site design, with their own title and description.
handler404 = "core.views.page_not_found"
# The static 503 page when the database is down, Django's 500 otherwise.
handler500 = "core.views.server_error"
