"""Every external web address on the live pages and in what every page shows, and where each is used.

Read from each live page's own data, as a revision stores it
(``serializable_data``): every field, StreamField blocks, rich text and inline
children (local partners, key facts) alike, so a new field or block type is
covered without a change here. In rich text, links to other pages on this
site are stored by page id, not by address, so only external ones are found.

The footer and the site alerts are on every page but are not pages: any model
with a ``link_check_objects()`` class method (the objects whose links the site
shows now) is read the same way, without this app importing the apps above it.
"""

import html
import re
from collections import defaultdict
from urllib.parse import urlsplit

from django.apps import apps
from wagtail.models import Page, Site

# An address in any text: rich text's href="…", a URL field, a URL block.
# Stops at quotes, angle brackets, whitespace and the backslash of JSON escapes.
ADDRESS = re.compile(r"https?://[^\s\"'<>\\]+", re.IGNORECASE)
MAX_LENGTH = 2000
# Full stops, commas and closing brackets after an address in running text end the sentence, not the address.
TRAILING = ".,;:!?)]"


def addresses_in(value):
    """Every http(s) address anywhere in ``value`` (nested dicts, lists and strings)."""
    if isinstance(value, str):
        for match in ADDRESS.finditer(value):
            yield html.unescape(match.group()).rstrip(TRAILING)
    elif isinstance(value, dict):
        for item in value.values():
            yield from addresses_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from addresses_in(item)


def own_hosts():
    return {site.hostname.lower() for site in Site.objects.all()}


def is_external(url, hosts):
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return bool(parts.hostname) and parts.hostname.lower() not in hosts and len(url) <= MAX_LENGTH


def external_links():
    """{address: {page id, …}} for every live page."""
    hosts = own_hosts()
    found = defaultdict(set)
    for page in Page.objects.live().specific().iterator(chunk_size=100):
        for url in addresses_in(page.serializable_data()):
            if is_external(url, hosts):
                found[url].add(page.pk)
    return dict(found)


def external_links_elsewhere():
    """{address: {(model label, pk), …}} for every object a ``link_check_objects()`` hands out (the footers, alerts)."""
    hosts = own_hosts()
    found = defaultdict(set)
    for model in apps.get_models():
        if not hasattr(model, "link_check_objects"):
            continue
        for obj in model.link_check_objects():
            for url in addresses_in(obj.serializable_data()):
                if is_external(url, hosts):
                    found[url].add((model._meta.label_lower, obj.pk))
    return dict(found)
