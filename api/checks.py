"""Query parameters checked before any reaches a filter, and the caching each answer allows.

Wagtail's endpoints check most parameters themselves; these close the gaps
that would otherwise reach the database as a 500: numbers too big for an
integer column, NUL bytes (PostgreSQL refuses them in text), very long search
words, an unknown search operator, and more than one value for a parameter.
"""

from django.conf import settings
from wagtail.api.v2.utils import BadRequestError

# Largest value of PostgreSQL's integer and SQLite's bound parameters alike.
MAX_INT = 2**31 - 1
INTEGER_PARAMETERS = ("limit", "offset", "id", "child_of", "ancestor_of", "descendant_of", "translation_of")
# "root" is the one word the tree filters accept instead of an id.
TREE_PARAMETERS = ("child_of", "descendant_of", "translation_of")
MAX_SEARCH_LENGTH = 200
MAX_VALUE_LENGTH = 1000
SEARCH_OPERATORS = ("and", "or")


def check_parameters(query):
    for name in query:
        values = query.getlist(name)
        if len(values) > 1:
            raise BadRequestError(f"{name} was given more than once")
        value = values[0]
        if "\x00" in value or "\x00" in name:
            raise BadRequestError("null characters are not allowed")
        if len(value) > MAX_VALUE_LENGTH:
            raise BadRequestError(f"{name} is too long")
    for name in INTEGER_PARAMETERS:
        if name in query and not (name in TREE_PARAMETERS and query[name] == "root"):
            check_integer(name, query[name])
    if len(query.get("search", "")) > MAX_SEARCH_LENGTH:
        raise BadRequestError(f"search is too long (at most {MAX_SEARCH_LENGTH} characters)")
    if "search_operator" in query and query["search_operator"] not in SEARCH_OPERATORS:
        raise BadRequestError("search_operator must be 'and' or 'or'")


def check_integer(name, value):
    if not value.isascii() or not value.isdigit() or int(value) > MAX_INT:
        raise BadRequestError(f"{name} must be a positive integer")


def cache_control(status_code):
    """Successful answers are the same for everyone, so browsers and shared caches may keep them.

    Nothing purges API addresses from a CDN (their query strings cannot be
    listed), so max-age alone bounds how stale a kept answer can be. Errors
    are not kept, as edgecache/ does for pages: a 404 for a page about to be
    published, a 429 or 503 must not outlive the moment.
    """
    if status_code == 200:
        return f"public, max-age={getattr(settings, 'API_CACHE_MAX_AGE', 60)}"
    return "no-store"
