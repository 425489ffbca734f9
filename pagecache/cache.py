"""Cache keys, the site-wide generation and stored entries.

Two generations guard every stored page, and both must match for a hit:

- the *Redis generation*, read with the page in one round trip: a change sets
  a new one, so every worker stops serving old pages at once;
- the *database generation* (models.Generation), set anew in the same
  transaction as the change. Redis can drop a write (paused, timing out,
  restarted, breaker open); the database cannot commit the change without it.
  Each process reads it at most once per PAGECACHE_GENERATION_CHECK_SECONDS
  (1 s), so a hit costs no query; and when the Redis write failed, the
  editor's request waits that long before it answers, so by the time the
  editor sees "published", no worker serves the old page.

If the database cannot be read, a process keeps the newest generation it or
a sibling worker saw (``lastseen``; nothing can be published while the
database is down) and tries again after a few seconds. So a worker that
starts during an outage still serves cached pages; a process whose server
has never read the generation serves nothing from the cache.
"""

import hashlib
import logging
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection, transaction

from core import querywatchdog

from . import breaker, lastseen
from .models import Generation

logger = logging.getLogger("pagecache")

GENERATION_KEY = "pagecache:generation"
# Only needs to outlive the pages stored under it; when it lapses, a new
# generation starts and every page is re-rendered once.
GENERATION_TIMEOUT = 60 * 60 * 24
# After a failed read of the database generation, cached pages are served
# under the last one seen for this long before the database is asked again,
# so a hung database costs one request a short wait, not every request.
RETRY_SECONDS = 5
# A read of one row: anything slower means the database is in trouble.
READ_DEADLINE_SECONDS = 1

_view = {"value": None, "read_at": float("-inf"), "checked": float("-inf"), "retry_after": float("-inf")}
_refreshing = threading.Lock()


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def check_seconds():
    return getattr(settings, "PAGECACHE_GENERATION_CHECK_SECONDS", 1.0)


def page_key(url):
    # Hashed: URLs carry visitors' search words, and Redis/memcached keys have length limits.
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def _new_generation():
    return secrets.token_hex(8)


def database_generation():
    """This process's view of the database generation: at most check_seconds() old, None if never read."""
    now = time.monotonic()
    if now - _view["checked"] < check_seconds() or now < _view["retry_after"]:
        return _view["value"]
    # One thread reads; the others keep the value it is replacing meanwhile
    # (or a sibling worker's newer one: a new worker has none of its own).
    if not _refreshing.acquire(blocking=False):
        return _newest_known()[1]
    try:
        _view["value"] = _read_database_generation()
        _view["checked"] = _view["read_at"] = now
        lastseen.remember(_view["value"], now)
    except DatabaseError as error:
        _view["retry_after"] = now + RETRY_SECONDS
        _view["read_at"], _view["value"] = _newest_known()
        logger.warning("Page cache generation unreadable; using the last one seen: %s", error)
    finally:
        _refreshing.release()
    return _view["value"]


def _newest_known():
    """(read at, generation): this process's last read, or a sibling worker's if it read later."""
    seen = lastseen.recall()
    if seen is not None and seen[0] > _view["read_at"]:
        return seen
    return _view["read_at"], _view["value"]


def _read_database_generation():
    connection.ensure_connection()
    with querywatchdog.deadline(connection.connection, READ_DEADLINE_SECONDS, "page cache generation"):
        return Generation.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def forget_database_generation():
    """Read the database generation afresh on the next lookup (after this process committed a change)."""
    _view["checked"] = float("-inf")
    _view["retry_after"] = float("-inf")


def lookup(key):
    """(current generation, stored entry or None) in one cache round trip.

    An entry stored under an older generation is stale and is not returned.
    The generation is None when it cannot be known; then nothing is served or stored.
    """
    database = database_generation()
    if database is None:
        return None, None
    cache = _cache()
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First request since start-up or eviction: entries from before have
        # a different generation, so none is served.
        return f"{_agree_on_generation(cache)}:{database}", None
    generation = f"{generation}:{database}"
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return generation, entry
    return generation, None


def _agree_on_generation(cache):
    """A new Redis generation, or the one another process set at the same moment."""
    generation = _new_generation()
    cache.add(GENERATION_KEY, generation, GENERATION_TIMEOUT)
    return cache.get(GENERATION_KEY) or generation


def current_generation():
    """The generation now (as ``lookup`` gives it), or None when it cannot be known.

    For data kept in memory between requests that any change must refresh
    (``core.memo``): it changes whenever a cached page would.
    """
    database = database_generation()
    if database is None:
        return None
    cache = _cache()
    generation = cache.get(GENERATION_KEY) or _agree_on_generation(cache)
    return f"{generation}:{database}"


def store(key, generation, entry, timeout):
    if generation is not None:
        _cache().set(key, (generation, *entry), timeout)


def bump():
    """Start a new Redis generation; True unless the write failed."""
    started = time.monotonic()
    cache = _cache()
    cache.set(GENERATION_KEY, _new_generation(), GENERATION_TIMEOUT)
    server = getattr(getattr(cache, "_client", None), "breaker_key", None)
    return server is None or not breaker.failed_since(server, started)


def bump_database():
    """A new database generation, inside the caller's transaction.

    Random rather than counted: a value is never seen twice, even after a
    rolled-back transaction or a restore from an older backup.
    """
    value = secrets.randbits(62)
    if not Generation.objects.filter(pk=1).update(value=value):
        Generation.objects.update_or_create(pk=1, defaults={"value": value})


def invalidate():
    """Make every stored page stale: in the database with the change, in Redis now and once committed.

    The first Redis bump covers readers of the committed database, the second
    covers a request that rendered the old rows after the first bump but
    before the commit, and stored them under the new generation. The database
    generation covers both bumps being lost.
    """
    bump_database()
    if transaction.get_connection().in_atomic_block:
        bump()
        transaction.on_commit(after_commit)
    else:
        after_commit()


def after_commit():
    forget_database_generation()
    if not bump():
        # Other processes learn of the change from the database generation
        # within check_seconds(); hold this answer until they have, so an
        # editor who is told "published" can trust it.
        logger.warning("Page cache: Redis missed an invalidation; the database generation covers it")
        time.sleep(min(check_seconds(), 2.0) + 0.1)
