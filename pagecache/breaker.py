"""A circuit breaker for the Redis cache: one timeout, then a few seconds without calling it.

django-redis with IGNORE_EXCEPTIONS turns a Redis failure into a miss, but it
still waits SOCKET_TIMEOUT on every call, and a page makes several calls: a
hung Redis made every page take seconds. With this client, the first failure
in a process opens the breaker for REDIS_BREAKER_SECONDS (OPTIONS
"BREAKER_SECONDS"); until then every call fails at once, without touching the
network, and the site runs as if it had no cache (pages rendered fresh). The
first call after that tries Redis again ("half open"): a success closes the
breaker, a failure opens it for another period.

Settings: CACHES["default"]["OPTIONS"]["CLIENT_CLASS"] = "pagecache.breaker.BreakerClient".
"""

import functools
import logging
import threading
import time

from django_redis.client import DefaultClient
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import ConnectionError as RedisConnectionError

logger = logging.getLogger("pagecache.breaker")

DEFAULT_SECONDS = 5.0

# Per server and per process: every thread and every cache alias on one
# server share what they learned.
_open_until = {}
_last_failure = {}
_lock = threading.Lock()


def failed_since(server, moment):
    """True if a call to `server` failed at or after `moment` (time.monotonic()), or the breaker is open."""
    return _last_failure.get(server, float("-inf")) >= moment or is_open(server)


def is_open(server):
    return time.monotonic() < _open_until.get(server, 0.0)


def trip(server, seconds):
    now = time.monotonic()
    with _lock:
        was_open = now < _open_until.get(server, 0.0)
        _last_failure[server] = now
        _open_until[server] = now + seconds
    if not was_open:
        logger.error("Redis failed; not calling it for %.0f s", seconds)


def reset():
    """Forget every failure (tests)."""
    _open_until.clear()
    _last_failure.clear()


def _guarded(method):
    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if is_open(self.breaker_key):
            # A cause, so django-redis re-raises something sensible when it
            # is not ignoring exceptions.
            try:
                raise RedisConnectionError("circuit breaker open: Redis failed moments ago")
            except RedisConnectionError as error:
                raise ConnectionInterrupted(connection=None) from error
        try:
            return method(self, *args, **kwargs)
        except ConnectionInterrupted:
            trip(self.breaker_key, self.breaker_seconds)
            raise

    return call


class BreakerClient(DefaultClient):
    def __init__(self, server, params, backend):
        super().__init__(server, params, backend)
        options = params.get("OPTIONS", {})
        self.breaker_seconds = float(options.get("BREAKER_SECONDS", DEFAULT_SECONDS))
        self.breaker_key = server if isinstance(server, str) else ",".join(server)


# Every operation the site uses; each fails fast while the breaker is open.
for _name in (
    "get",
    "get_many",
    "set",
    "set_many",
    "add",
    "delete",
    "delete_many",
    "incr",
    "decr",
    "has_key",
    "touch",
    "ttl",
    "expire",
    "clear",
    "keys",
    "delete_pattern",
    "incr_version",
    "persist",
):
    setattr(BreakerClient, _name, _guarded(getattr(DefaultClient, _name)))
