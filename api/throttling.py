"""The API's rate limit: requests per client address per window, refused when it cannot be counted.

DRF's own throttles keep a history list in the cache and let everything
through when the cache does not answer, so a Redis outage would switch the
limit off. This one counts with ``add``/``incr`` (atomic in Redis) and answers
503 when the count cannot be read.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.throttling import BaseThrottle

from core.client_ip import client_ip

# (requests, seconds) per client address.
DEFAULT_RATE = (120, 60)


class RateLimitUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The API cannot check its rate limit just now. Try again in a minute."
    default_code = "rate_limit_unavailable"


def rate():
    return getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE)


class ClientAddressThrottle(BaseThrottle):
    def get_ident(self, request):
        # core.client_ip trusts only our own proxies' X-Forwarded-For entries.
        return client_ip(request) or ""

    def cache_key(self, request):
        # A keyed hash: the cache never holds the address itself.
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.get_ident(request)}".encode()).hexdigest()[:32]
        return f"api:rate:{digest}"

    def allow_request(self, request, view):
        limit, window = rate()
        key = self.cache_key(request)
        count = 1 if cache.add(key, 1, timeout=window) else self._incr(key, window)
        if count is None:
            raise RateLimitUnavailable()
        return count <= limit

    @staticmethod
    def _incr(key, window):
        try:
            return cache.incr(key)
        except ValueError:  # expired between add() and incr(): start a new window
            return 1 if cache.add(key, 1, timeout=window) else None

    def wait(self):
        return rate()[1]
