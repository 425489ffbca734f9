"""Which query parameters a view read, so the page cache keys on those and nothing else.

A view that shows something different for a query parameter calls
``cache_by(request, name=value)`` with each value it understood (a theme that
exists, the search words as searched, the results page shown). The page cache
stores a response for a URL with a query string only when every parameter in
it was declared this way with exactly the value sent. Anything else
(``?theme=`` on a network page, an unknown theme, ``?page=999`` shown as the
last page) is rendered afresh and not stored, so made-up query strings cannot
fill the cache.
"""

ATTRIBUTE = "_pagecache_params"


def cache_by(request, **params):
    declared = getattr(request, ATTRIBUTE, {})
    declared.update({name: str(value) for name, value in params.items()})
    setattr(request, ATTRIBUTE, declared)


def declared(request):
    return getattr(request, ATTRIBUTE, {})
