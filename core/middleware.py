from django.conf import settings

from .unavailable import database_unavailable_response, is_database_down


class CrossOriginResourcePolicyMiddleware:
    """Cross-Origin-Resource-Policy on every response: Django has a setting for it but no header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.SECURE_CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 when a view or template finds the database down.

    Errors raised in other middleware (sessions, redirects) never reach
    process_exception; ``core.views.server_error`` (handler500) catches those.
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
