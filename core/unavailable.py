"""The page visitors get while the database is unreachable.

It must render with no database at all: no context processors (they touch the
user and Wagtail's settings), only ``{% static %}``, which reads the manifest
from disk. Sent with ``Retry-After`` and ``no-store`` so neither the page cache
nor a proxy keeps the outage after the database is back.
"""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("core.unavailable")

# A connection refused, a dropped socket, "too many clients", a failover: all
# pass by themselves, so they get a 503 rather than a 500.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)


def is_database_down(exception):
    return isinstance(exception, DATABASE_DOWN_ERRORS)


def database_unavailable_response(request, exception):
    logger.error(
        "Database unavailable; answered %s %s with 503: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        str(exception).strip().splitlines()[0] if str(exception).strip() else "",
        extra={"status_code": 503, "path": request.path, "error": type(exception).__name__},
    )
    body = loader.get_template("503.html").render({})
    response = HttpResponse(body, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(settings.DATABASE_UNAVAILABLE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response
