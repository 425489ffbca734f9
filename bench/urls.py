"""The site's URLs plus the benchmark's ceiling; mounted only by leedsnetworks.settings.bench."""

from django.http import HttpResponse
from django.urls import path

from leedsnetworks import urls as site_urls

CEILING_BODY = "<!DOCTYPE html><title>ceiling</title>\n" + "<p>ceiling</p>\n" * 1400


def ceiling(request):
    """The least a Django view can do, behind the same middleware and gunicorn as the site.

    No template, no query: the fastest any page could be served here. 20 KB,
    about the size of a page here, so both pay the same to send.
    """
    return HttpResponse(CEILING_BODY, content_type="text/html; charset=utf-8")


handler404 = getattr(site_urls, "handler404", "django.views.defaults.page_not_found")
handler500 = getattr(site_urls, "handler500", "django.views.defaults.server_error")

urlpatterns = [path("bench/ceiling/", ceiling, name="bench_ceiling"), *site_urls.urlpatterns]
