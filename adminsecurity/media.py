"""Which uploaded files Django may serve at /media/, whoever serves the rest.

Original images (pages show resized renditions from images/) and documents
(Wagtail's serve view checks privacy and sends them as attachments) are never
served as files.
"""

from django.conf import settings
from django.http import Http404
from django.urls import re_path


def media_not_served(request, *args, **kwargs):
    raise Http404("Not served.")


def media_urlpatterns():
    prefix = settings.MEDIA_URL.strip("/")
    patterns = [re_path(rf"^{prefix}/(original_images|documents)/", media_not_served)]
    if settings.DEBUG:
        from django.conf.urls.static import static

        patterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
    elif getattr(settings, "SERVE_MEDIA", False):
        # Production with media on local disk and no proxy rule for /media/.
        from django.views.static import serve

        patterns += [re_path(rf"^{prefix}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
    return patterns
