from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from adminsecurity.views import media_not_served
from ops.views import health

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("health/", health, name="health"),
    # Site search, the report form's post address and robots.txt (support/urls.py).
    path("", include("support.urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

# Not-found pages in the site design, with their own title and description.
handler404 = "support.views.page_not_found"

# A database outage raised outside a view still gets the static 503 page.
handler500 = "ops.views.server_error"

# Never straight from disk, whoever serves /media/ below: original images (pages
# show resized renditions from images/) and documents (Wagtail's serve view
# checks privacy and sends them as attachments).
urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(original_images|documents)/", media_not_served)]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif getattr(settings, "SERVE_MEDIA", False):
    # Production with media on local disk and no proxy rule for /media/.
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

# Wagtail serves every other path from the page tree; keep this last.
urlpatterns += [path("", include(wagtail_urls))]
