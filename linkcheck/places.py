"""What else uses each broken link (a footer, a site alert), named for the editor reading the report.

A check stores only [model label, pk] pairs (``LinkCheck.used_elsewhere``):
names and edit addresses are worked out when the report is shown, in the
reader's language, with one query per kind of thing for the whole listing.
"""

from collections import defaultdict

from django.apps import apps
from wagtail.admin.admin_url_finder import AdminURLFinder


def with_places(links, user):
    """``links`` as a list, each with ``places``: [(name, edit address or None if ``user`` may not edit it)]."""
    links = list(links)
    wanted = defaultdict(set)
    for link in links:
        for label, pk in link.used_elsewhere:
            wanted[label].add(pk)
    found = {}
    for label, pks in wanted.items():
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):  # a model removed since the last check
            continue
        found.update(((label, obj.pk), obj) for obj in model._default_manager.filter(pk__in=pks))
    finder = AdminURLFinder(user)
    for link in links:
        # Deleted since the check: left out (the next check forgets it too).
        used = [found[(label, pk)] for label, pk in link.used_elsewhere if (label, pk) in found]
        link.places = [(str(obj), finder.get_edit_url(obj)) for obj in used]
    return links
