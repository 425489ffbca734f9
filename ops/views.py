import logging
import uuid

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("ops.health")


def _check_database(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache(alias):
    cache = caches[alias]
    # django-redis with IGNORE_EXCEPTIONS turns a dead Redis into cache misses,
    # which would read as healthy: ask its client directly.
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):
        client.get_client(write=True).ping()
        return
    if isinstance(cache, RedisCache):
        cache._cache.get_client(write=True).ping()
        return
    key = f"health-check:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    stored = cache.get(key)
    cache.delete(key)
    if stored != "ok":
        raise RuntimeError("the cache did not return the value just stored in it")


def _run(kind, alias, check):
    name = kind if alias == "default" else f"{kind}:{alias}"
    try:
        check(alias)
    except Exception as error:
        # The reason goes to the log; the public answer names only the part and
        # the error's type, never hosts or credentials.
        logger.error("Health check failed for %s: %s: %s", name, type(error).__name__, error)
        return name, {"status": "error", "error": type(error).__name__}
    return name, {"status": "ok"}


@never_cache
@require_safe
def health(request):
    """Database and cache status as JSON: 200 when all answer, 503 naming what does not."""
    checks = dict(
        [_run("database", alias, _check_database) for alias in settings.DATABASES]
        + [_run("cache", alias, _check_cache) for alias in settings.CACHES]
    )
    failing = [name for name, result in checks.items() if result["status"] != "ok"]
    body = {"status": "error" if failing else "ok", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)
