"""Cross-origin reads of the API by the sites listed in ``API_CORS_ALLOWED_ORIGINS``.

django-cors-headers 4.9 declares no Django 6.1 support, and the API needs
only this: read-only requests, no credentials, origins from one list (empty
by default, so no other site's script can read the API until one is added).

It sits outside the page cache (settings/base.py), so a cached answer gets
the headers for whoever asks now, never those stored for someone else.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# How long a browser may reuse a preflight answer.
PREFLIGHT_MAX_AGE = 60 * 60


class APICorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        origin = request.headers.get("Origin")
        allowed = origin is not None and origin in getattr(settings, "API_CORS_ALLOWED_ORIGINS", ())
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response = self.preflight(request, allowed)
        else:
            response = self.get_response(request)
        if allowed:
            response["Access-Control-Allow-Origin"] = origin
        # Every API answer depends on Origin, allowed or not, for any cache in between.
        patch_vary_headers(response, ["Origin"])
        return response

    @staticmethod
    def preflight(request, allowed):
        response = HttpResponse(status=204)
        wanted = request.headers["Access-Control-Request-Method"].upper()
        if allowed and wanted in ("GET", "HEAD"):
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
        return response
