"""Which uploaded files Django may serve at /media/: image renditions, nothing else.

Original images (pages show resized renditions from images/) and documents
(Wagtail's serve view checks privacy and sends them as attachments) share
MEDIA_ROOT with the renditions, so the decision is made here, once, on the
normalised path: a path that any normaliser (Django's static view, the file
system, a proxy) could turn into anything other than a file directly inside
images/ answers 404. Matching the raw spelling instead (as a URL pattern
does) misses `/media//documents/x`, `/media/./documents/x` and
`/media/images/../original_images/x`.
"""

import posixpath
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.urls import re_path

SERVED_FOLDER = "images"


def servable_media_path(path):
    """The path under MEDIA_ROOT to serve for the requested `path`, or None.

    Backslashes count as separators (Windows, some proxies); dot segments and
    repeated slashes are collapsed before the allow-list is applied. Trailing
    dots and spaces are refused: some file systems ignore them.
    """
    if "\x00" in path:
        return None
    normalised = posixpath.normpath("/" + path.replace("\\", "/")).lstrip("/")
    folder, _, name = normalised.partition("/")
    if folder != SERVED_FOLDER or not name or "/" in name:
        return None
    if name.startswith(".") or name != name.rstrip(". "):
        return None
    return normalised


def _inside_served_folder(relative):
    """True when the file really is in MEDIA_ROOT/images (no symbolic link out of it)."""
    folder = (Path(settings.MEDIA_ROOT) / SERVED_FOLDER).resolve()
    target = (Path(settings.MEDIA_ROOT) / relative).resolve()
    return target.parent == folder and target.is_file()


def serve_media(request, path):
    """Serve a rendition from MEDIA_ROOT/images; 404 for every other /media/ path."""
    relative = servable_media_path(path)
    if relative is None or not _serves_media() or not _inside_served_folder(relative):
        raise Http404("Not served.")
    from django.views.static import serve

    return serve(request, relative, document_root=settings.MEDIA_ROOT)


def _serves_media():
    # Local development (DEBUG) and production with SERVE_MEDIA=true (media
    # on local disk and no proxy rule for /media/). Otherwise the proxy or
    # the bucket serves renditions and Django answers 404 for all of /media/.
    return settings.DEBUG or getattr(settings, "SERVE_MEDIA", False)


def media_urlpatterns():
    prefix = settings.MEDIA_URL.strip("/")
    if not settings.MEDIA_URL.startswith("/"):
        return []  # Media on another origin (a bucket or CDN): nothing of it is under this site.
    return [re_path(rf"^{prefix}/(?P<path>.*)$", serve_media, name="media")]
