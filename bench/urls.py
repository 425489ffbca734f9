"""The site's URLs plus the benchmark's ceiling; mounted only by leedsnetworks.settings.bench."""

from django.http import HttpResponse
from django.urls import path

from leedsnetworks import urls as site_urls


def ceiling(request):
    """The least a Django view can do, behind the same middleware and gunicorn as the site.

    No template, no query: the fastest any page could be served here.
    """
    return HttpResponse("ok", content_type="text/plain")


handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")

urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *site_urls.urlpatterns]
