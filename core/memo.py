"""Small site-wide data kept in each process's memory until the next change.

A site alert or the list of contact details shows on many pages, and reading
it from the database on every render would add a query to every page
(tests/test_query_budget.py pins each page's count). Such data changes only
when someone saves a snippet, and every save starts a new page-cache
generation (``pagecache.signals``), so it is kept here under the generation it
was read in and read again once the generation moves on. When the generation
cannot be known (Redis and the database both unreadable, or no page cache
installed), it is read afresh each time.

It lives in ``core`` so that ``core``'s own tags (the translation notice) can
use it; the page cache, a layer above, hands it the generation at start-up
(``pagecache.apps``) instead of ``core`` importing it.
"""

import contextvars
import copy
import threading
from contextlib import contextmanager

from django.db import connections

_kept = {}
_lock = threading.Lock()
_generation = None
_OUTSIDE = object()
INCOMPLETE = "_ln_render_incomplete"
# The generation read on entering ``one_generation`` (None: it could not be known).
_scoped = contextvars.ContextVar("ln_memo_generation", default=_OUTSIDE)
# A generation the page cache read a moment ago, for ``one_generation`` to take.
_offered = contextvars.ContextVar("ln_memo_offered_generation", default=_OUTSIDE)


def use_generation(current_generation):
    """Called by the page cache at start-up with its ``current_generation`` function."""
    global _generation
    _generation = current_generation


def _current():
    scoped = _scoped.get()
    if scoped is not _OUTSIDE:
        return scoped
    return _generation() if _generation is not None else None


@contextmanager
def one_generation():
    """Within it, every ``per_generation`` uses the generation read once on entering.

    A page reads several kept things (the footer, alerts, contacts, themes,
    the site); each would otherwise ask the cache for the generation again.
    For requests that only read (core.middleware.KnownSiteMiddleware): a
    request that saves something would go on seeing what it read before.
    """
    generation = _offered.get()
    if generation is _OUTSIDE:
        generation = _read_generation()
    token = _scoped.set(generation)
    try:
        yield
    finally:
        _scoped.reset(token)


def _read_generation():
    try:
        return _generation() if _generation is not None else None
    except Exception:
        # A cache that raises instead of missing (Django's own Redis backend): not known.
        return None


@contextmanager
def known_generation(generation):
    """Within it, ``one_generation`` takes ``generation`` instead of asking the cache again.

    For the page cache: on a miss it has just read the generation with the
    page, in the same round trip, and the page it renders next is stored
    under that generation. Everything kept is then read after it, as
    ``per_generation`` requires.
    """
    token = _offered.set(generation)
    try:
        yield
    finally:
        _offered.reset(token)


def per_generation(name, load):
    """``load()``'s result, read at most once per page-cache generation in this process."""
    generation = _current()
    if generation is None:
        return load()
    kept = _kept.get(name)
    if kept is not None and kept[0] == generation:
        return kept[1]
    # Read after the generation: whatever load() sees is at least as new as it.
    value = load()
    if may_keep():
        with _lock:
            _kept[name] = (generation, value)
    return value


class KeptMap(dict):
    """A dict kept per generation (``kept_map``), added to only through ``keep``.

    ``keep`` holds the two rules every kept map follows: nothing read inside
    a transaction of the site's own (``may_keep``), and at most ``limit``
    entries, past which each caller reads afresh. Looking things up is a
    plain dict's. Threads share it: it is only looked into and added to,
    never iterated, and two threads passing the size check at once can take
    it one or two past ``limit``.
    """

    __slots__ = ("limit",)

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def keep(self, key, value):
        if len(self) < self.limit and may_keep():
            self[key] = value

    def keep_all(self, items):
        if len(self) + len(items) <= self.limit and may_keep():
            self.update(items)


def kept_map(name, limit):
    """The ``KeptMap`` called ``name`` for the current generation: a new, empty one when it moves on."""
    return per_generation(name, lambda: KeptMap(limit))


def may_keep():
    """False inside a transaction of the site's own (a test's wrapper aside), on any database.

    Such a transaction may have saved something, and a save starts the new
    generation before it commits (pagecache.cache.invalidate): what is read
    here would be kept under it even if the transaction then rolled back.
    Every place that adds to something kept asks this first; it is only asked
    when something is read, never when kept data is handed out.
    """
    return not any(
        not block._from_testcase
        for connection in connections.all(initialized_only=True)
        for block in connection.atomic_blocks
    )


def mark_incomplete(request):
    """Say that part of this request's page was left out because it could not be read.

    Nothing rendered for such a request is kept (``shared_fragment`` in
    core_tags): a footer without its links, drawn while the database was down,
    must not outlive the outage.
    """
    if request is not None:
        setattr(request, INCOMPLETE, True)


def is_incomplete(request):
    return bool(getattr(request, INCOMPLETE, False))


def forget():
    """Drop everything kept (tests: the database is rolled back under it)."""
    with _lock:
        _kept.clear()


def instance_copy(instance):
    """A model instance's shallow copy, as ``copy.copy`` makes it, for handing out kept rows.

    ``copy.copy`` goes through pickling's ``__reduce__`` (a version stamp, a
    class lookup, a check for memoryviews), which costs more than the copy
    itself, and routing hands out a dozen rows a page.
    """
    new = instance.__class__.__new__(instance.__class__)
    new.__dict__.update(instance.__dict__)
    new._state = copy.copy(instance._state)
    new._state.fields_cache = instance._state.fields_cache.copy()
    return new
