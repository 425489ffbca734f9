"""Cache keys, the site-wide generation and stored entries."""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

GENERATION_KEY = "pagecache:generation"
# Only needs to outlive the pages stored under it; when it lapses, a new
# generation starts and every page is re-rendered once.
GENERATION_TIMEOUT = 60 * 60 * 24


def _cache():
    return caches[getattr(settings, "PAGECACHE_ALIAS", "default")]


def page_key(url):
    # Hashed: URLs carry visitors' search words, and Redis/memcached keys have length limits.
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def _new_generation():
    return secrets.token_hex(8)


def lookup(key):
    """(current generation, stored entry or None) in one cache round trip.

    An entry stored under an older generation is stale and is not returned.
    """
    cache = _cache()
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        # First request since start-up or eviction: agree on one generation.
        # Entries from before have a different one, so none is served.
        generation = _new_generation()
        cache.add(GENERATION_KEY, generation, GENERATION_TIMEOUT)
        generation = cache.get(GENERATION_KEY) or generation
        return generation, None
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return generation, entry
    return generation, None


def store(key, generation, entry, timeout):
    _cache().set(key, (generation, *entry), timeout)


def bump():
    """Start a new generation: every stored page is stale from now on."""
    _cache().set(GENERATION_KEY, _new_generation(), GENERATION_TIMEOUT)


def invalidate():
    """Make every stored page stale now and again when the transaction commits.

    The first bump covers readers of the committed database, the second
    covers a request that rendered the old rows after the first bump but
    before the commit, and stored them under the new generation.
    """
    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)
