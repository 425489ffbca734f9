"""Wagtail's HTTP PURGE backend with a time limit.

Wagtail's own ``HTTPBackend`` calls urlopen without a timeout, so a cache that
accepts the connection and never answers would hold the editor's publish
(and a gunicorn worker) until gunicorn kills it. Everything else is Wagtail's.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from wagtail import __version__
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend as WagtailHTTPBackend
from wagtail.contrib.frontend_cache.backends.http import PurgeRequest

logger = logging.getLogger("wagtail.frontendcache")


class HTTPBackend(WagtailHTTPBackend):
    def __init__(self, params):
        params = dict(params)
        self.timeout = float(params.pop("TIMEOUT", 5))
        super().__init__(params)

    def purge(self, url):
        parsed = urlsplit(url)
        host = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parsed.path, parsed.query, ""]),
            headers={"Host": host, "User-Agent": "Wagtail-frontendcache/" + __version__},
        )
        try:
            with urlopen(request, timeout=self.timeout):  # noqa: S310 - LOCATION comes from settings
                pass
        except HTTPError as error:
            logger.error("Couldn't purge '%s' from HTTP cache. HTTPError: %d %s", url, error.code, error.reason)
        except (URLError, TimeoutError, OSError) as error:
            logger.error("Couldn't purge '%s' from HTTP cache. %s", url, getattr(error, "reason", error))
