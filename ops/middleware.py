import functools

from django.conf import settings
from django.urls import reverse
from django.utils.csp import CSP

from .unavailable import database_unavailable_response, is_database_down


@functools.cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


class SecurityHeadersMiddleware:
    """The admin's Content-Security-Policy, and headers Django has no setting for.

    Sits inside Django's ContentSecurityPolicyMiddleware, which reads
    ``response._csp_config`` on the way out: public pages keep SECURE_CSP,
    the admin (whose templates still carry inline scripts) gets ADMIN_SECURE_CSP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view's own choice (csp_override, as on Django's debug pages) stands.
        if request.path.startswith(_admin_prefix()) and not hasattr(response, "_csp_config"):
            # Wagtail's live preview renders the page through the whole
            # middleware chain again, for a dummy request at the page's public
            # URL, which stamps the public policy (frame-ancestors 'none') on
            # it. Under /admin/ the admin's policy is the one that applies.
            del response.headers[CSP.HEADER_ENFORCE]
            response._csp_config = settings.ADMIN_SECURE_CSP
        if settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 when a view or template finds the database down.

    Errors raised in other middleware (sessions, redirects) never reach
    process_exception; ``ops.views.server_error`` (handler500) catches those.
    Nothing is kept between requests, so the site recovers on the first request
    after the database returns.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_down(exception):
            return database_unavailable_response(request, exception)
        return None
