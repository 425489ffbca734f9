"""What makes every cached page stale.

Anything an anonymous visitor can see: pages (publish, unpublish, move, delete,
and plain saves made by scripts), privacy settings, the site record, snippets
(themes), site settings and images. A draft save also bumps: it costs a few
re-renders and saves knowing which page fields are draft-only.

A whole-site generation is deliberately coarse. The landing page lists every
network, its theme-filtered variants too; the home page shows the landing
page's title and introduction; breadcrumbs show every ancestor's title; search
results show any page. Working out exactly which URLs one change touches is
where per-URL invalidation goes wrong, and editors publish a few times a day.
"""

from functools import cache

from django.db.models.signals import post_delete, post_save
from modelcluster.fields import ParentalKey
from wagtail.contrib.settings.models import AbstractSetting
from wagtail.signals import post_page_move

from .cache import invalidate


@cache
def is_watched(model):
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page, PageViewRestriction, Site
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, (Page, PageViewRestriction, Site, AbstractImage, AbstractSetting)):
        return True
    if model in get_snippet_models():
        return True
    # Inline children (key facts, partners, footer links) are saved after their
    # parent, outside any transaction: a request in between would store the
    # old children under the new generation, so their saves bump too.
    return any(isinstance(field, ParentalKey) and is_watched(field.related_model) for field in model._meta.get_fields())


def on_change(sender, instance, created=False, **kwargs):
    if not is_watched(sender):
        return
    # Rendering a page creates an empty settings row the first time one is
    # read; it shows what no row showed, and bumping there would empty the
    # cache in the middle of serving.
    if created and isinstance(instance, AbstractSetting):
        return
    invalidate()


def on_move(sender, **kwargs):
    invalidate()


def connect():
    post_save.connect(on_change, dispatch_uid="pagecache-post-save")
    post_delete.connect(on_change, dispatch_uid="pagecache-post-delete")
    # Moves rewrite tree paths with UPDATE queries, which send no post_save.
    post_page_move.connect(on_move, dispatch_uid="pagecache-post-move")
