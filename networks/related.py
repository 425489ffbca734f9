"""Which live, public networks share which themes, kept in each process's memory per cache generation.

A network page lists the networks sharing most of its themes. Working that
out from the database meant reading every other network's theme links, with
each network and theme, on every render: most of an uncached network page's
time (issue 10). The links change only when someone saves a network page, a
theme or a page's privacy, and each of those starts a new page-cache
generation (pagecache/signals.py), so they are read once per generation
(core/memo.py) as plain numbers, with every network's card (its page without
the body, its logo and renditions), and a page then needs no query for them.

What is kept is shared by every request a process serves, on several
threads: tuples and frozensets, and themes and cards that callers get as copies.
"""

from django.apps import apps
from django.db.models import prefetch_related_objects

from core import memo, pagetree


def theme_links(locale_id):
    """{network pk: (path, frozenset of theme pks)} for every live, public network page in the locale."""
    return memo.per_generation("network_theme_links", _read_theme_links).get(locale_id, {})


def themes(pks):
    """Fresh copies of the themes with these pks (callers mark them for the visitor's language)."""
    every = memo.per_generation("themes_by_pk", _read_themes)
    return [memo.instance_copy(every[pk]) for pk in pks if pk in every]


def cards(locale_id, pks):
    """Copies of the live, public network pages with these pks in the locale, as cards show them.

    Without their body, with their logo and its renditions. Each request
    gets its own copies: it marks them (``card_themes``).
    """
    every = memo.per_generation("network_cards", _read_cards).get(locale_id, {})
    return [memo.instance_copy(every[pk]) for pk in pks if pk in every]


def cards_below(locale_id, parent):
    """Copies of the live, public network pages directly below ``parent`` in the locale, in page-tree order."""
    every = memo.per_generation("network_cards", _read_cards).get(locale_id, {})
    below = [n for n in every.values() if n.depth == parent.depth + 1 and n.path.startswith(parent.path)]
    return [memo.instance_copy(network) for network in sorted(below, key=lambda network: network.path)]


def theme_pks(locale_id, network_pk):
    """The pks of the themes a live, public network page is linked to (an empty set for any other page)."""
    return theme_links(locale_id).get(network_pk, (None, frozenset()))[1]


def most_shared(locale_id, page_pk, theme_pks, limit):
    """[(network pk, frozenset of the theme pks it shares)] of up to ``limit`` other networks, most shared first.

    Ties go to the network first in the page tree, as editors ordered them.
    """
    wanted = frozenset(theme_pks)
    scored = []
    for pk, (path, linked) in theme_links(locale_id).items():
        shared = linked & wanted
        if shared and pk != page_pk:
            scored.append((-len(shared), path, pk, shared))
    return [(pk, shared) for _count, _path, pk, shared in sorted(scored)[:limit]]


# The models by name, not imported: networks.models uses this module.
def _network_pages():
    return apps.get_model("networks", "NetworkPage").objects.live()


def _read_theme_links():
    rows = pagetree.public(_network_pages()).values_list("pk", "locale_id", "path", "themes")
    found = {}
    for pk, locale_id, path, theme_pk in rows:
        _path, linked = found.setdefault(locale_id, {}).get(pk, (path, frozenset()))
        found[locale_id][pk] = (path, linked | {theme_pk} if theme_pk is not None else linked)
    return found


def _read_cards():
    found = {}
    networks = list(pagetree.public(_network_pages()).select_related("logo").defer("body"))
    prefetch_related_objects([network.logo for network in networks if network.logo], "renditions")
    for network in networks:
        found.setdefault(network.locale_id, {})[network.pk] = network
    return found


def _read_themes():
    return {theme.pk: theme for theme in apps.get_model("networks", "Theme").objects.all()}
