"""Drop changed pages from the shared cache (CDN, Varnish) when content changes.

Wagtail's ``wagtail.contrib.frontend_cache`` does the purging: its backends
(HTTP PURGE, Cloudflare, CloudFront) are configured in ``WAGTAILFRONTENDCACHE``
(settings/production.py, from the environment; empty means nothing to purge).
Its own app is not installed: it purges only the published page, at once,
before the change is committed. Here the URLs are worked out when the change
happens and purged when it commits:

- publish, unpublish: the page, its ancestors (the landing page lists the
  networks, the home page shows the landing page) and its descendants (their
  breadcrumbs show its title);
- slug change and move: the same, at the old URLs and the new;
- delete: the page and its ancestors (each deleted descendant sends its own);
- privacy (view restriction) added, changed or removed: the page, its
  ancestors and descendants;
- the same page in the other languages (their language switchers list it);
- a home page in any language: every live page (each language switcher links to it);
- always the search page in every language and the sitemap of the page's site;
- the content API's page listing (a purge covers every query variant in
  Varnish) and the detail of each page above, when the API is installed;
- a child of the home page: every live page too, since every page's main
  menu and footer may show its title (core_tags.main_menu, site_links);
- site settings (contact details), snippets (themes, footers) and images
  changed or deleted, a new footer or footer link (``shown_when_created``),
  and sites: every live page, since any page may show them.

A second purge follows ``EDGECACHE_REPURGE_SECONDS`` later: a visitor's
request that read the old rows just before the commit may reach the cache
after the first purge and would otherwise be kept until s-maxage runs out.
"""

import logging
import threading
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from modelcluster.fields import ParentalKey
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move, pre_page_move

logger = logging.getLogger(__name__)

# Views every page can show up in.
SITE_WIDE_VIEWS = ("search", "sitemap")
# The content API's pages (api/urls.py), found by URL name so this app imports no app above it.
API_PAGE_LISTING = "wagtailapi:pages:listing"
API_PAGE_DETAIL = "wagtailapi:pages:detail"


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def site_wide_urls(page):
    """Search in every language (/search/, /fr/search/…) and the sitemap, on the page's site."""
    parts = page.get_url_parts()
    if parts is None:
        return set()
    root_url = parts[1]
    urls = set()
    for code, _name in settings.LANGUAGES:
        # Reversed in each language: the admin runs in the editor's own language.
        with translation.override(code):
            urls |= {root_url + reverse(name) for name in SITE_WIDE_VIEWS}
    return urls


def family_urls(page, descendants=True):
    """Every cached URL of the page, its ancestors below the root and (optionally) its descendants.

    Wagtail's own list per page: the page's URL and its get_cached_paths().
    Plus the site-wide views.
    """
    family = Page.objects.ancestor_of(page).filter(depth__gt=1)
    if descendants:
        family = family | Page.objects.descendant_of(page)
    # The same page in the other languages: their language switchers and
    # hreflang alternates list the languages it is live in.
    family = family | Page.objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    family = list(family.specific(defer=True))
    batch = PurgeBatch()
    batch.add_page(page)
    batch.add_pages(family)
    urls = batch.urls | site_wide_urls(page) | api_urls(page, [page, *family])
    if in_every_page_frame(page):
        urls |= every_page_urls()
    return urls


def api_urls(page, pages):
    """The content API's page listing and the detail of each of ``pages``, on ``page``'s site."""
    parts = page.get_url_parts()
    if parts is None:
        return set()
    root_url = parts[1]
    try:
        listing = root_url + reverse(API_PAGE_LISTING)
    except NoReverseMatch:  # a project without the content API
        return set()
    return {listing} | {root_url + reverse(API_PAGE_DETAIL, args=[each.pk]) for each in pages}


def in_every_page_frame(page):
    """A home page or a child of one: every page's main menu and footer may link to it by its title.

    Every page's language switcher links to each language's home page where
    the page has no translation, so a home page (in any language) counts too.
    """
    depth = page.url_path.count("/")
    if page.depth == 2:
        return True
    return any(
        page.url_path.startswith(path) and depth == path.count("/") + 1 for _, path, *_ in Site.get_site_root_paths()
    )


def every_page_urls():
    """Every live page's cached URLs and each site's search and sitemap."""
    batch = PurgeBatch()
    pages = list(Page.objects.live().filter(depth__gt=1).specific(defer=True))
    batch.add_pages(pages)
    urls = set(batch.urls)
    for site in Site.objects.select_related("root_page"):
        urls |= site_wide_urls(site.root_page) | api_urls(site.root_page, pages)
    return urls


@cache
def shown_on_every_page(model):
    """Site settings, snippets, images and sites (and their inline children): any page may show them."""
    from wagtail.contrib.settings.models import AbstractSetting
    from wagtail.images.models import AbstractImage
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, (AbstractSetting, AbstractImage, Site)) or model in get_snippet_models():
        return True
    parents = (field.related_model for field in model._meta.get_fields() if isinstance(field, ParentalKey))
    return any(parent is not None and shown_on_every_page(parent) for parent in parents)


def moved_urls(urls, old_prefix, new_prefix):
    """URLs under new_prefix as they were under old_prefix (a move or a slug change)."""
    return {old_prefix + url[len(new_prefix) :] for url in urls if url.startswith(new_prefix)}


class _Batch:
    """URLs to purge when the current transaction commits, gathered from every signal in it."""

    def __init__(self):
        self.urls = set()
        self.done = False

    def __call__(self):
        self.done = True
        purge(self.urls)


def schedule(urls):
    if not enabled() or not urls:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        purge(urls)
        return
    # One batch per transaction. A rolled-back savepoint takes its callbacks
    # with it, so a batch is only reused while it is still queued.
    queued = (func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _Batch))
    batch = next((func for func in queued if not func.done), None)
    if batch is None:
        batch = _Batch()
        transaction.on_commit(batch)
    batch.urls.update(urls)


def purge(urls):
    urls = sorted(urls)
    _purge_now(urls)
    delay = getattr(settings, "EDGECACHE_REPURGE_SECONDS", 0)
    if delay:
        timer = threading.Timer(delay, _purge_now, args=[urls])
        timer.daemon = True
        timer.start()


def _purge_now(urls):
    # Wagtail's backends log their own failures; a cache that cannot be
    # reached must never undo or block the editor's change.
    try:
        PurgeBatch(urls).purge()
    except Exception:
        logger.exception("Could not purge %d URLs from the front-end cache", len(urls))


# Signal receivers


def on_publish_or_unpublish(sender, instance, **kwargs):
    if enabled():
        schedule(family_urls(instance))


def on_slug_changed(sender, instance, instance_before, **kwargs):
    if enabled():
        new = family_urls(instance)
        schedule(new | moved_urls(new, instance_before.get_full_url() or "", instance.get_full_url() or ""))


def on_pre_move(sender, instance, **kwargs):
    if enabled():
        schedule(family_urls(instance))


def on_post_move(sender, instance, **kwargs):
    if enabled():
        schedule(family_urls(Page.objects.get(pk=instance.pk)))


def on_delete(sender, instance, **kwargs):
    if enabled() and isinstance(instance, Page) and type(instance) is Page:
        schedule(family_urls(instance, descendants=False))


def on_restriction_change(sender, instance, **kwargs):
    if enabled() and instance.page_id:
        page = Page.objects.filter(pk=instance.page_id).first()
        if page is not None:
            schedule(family_urls(page))


def on_site_wide_change(sender, instance, created=False, **kwargs):
    # A new image or snippet is on no page yet, and a settings row is created
    # empty the first time a page reads it; but a model that says it is shown
    # as soon as it exists (a footer in a new language, a new footer link) is.
    if created and not getattr(sender, "shown_when_created", False):
        return
    if not enabled() or not shown_on_every_page(sender):
        return
    schedule(every_page_urls())


def connect():
    for signal in (page_published, page_unpublished):
        signal.connect(on_publish_or_unpublish, dispatch_uid=f"edgecache-{id(signal)}")
    page_slug_changed.connect(on_slug_changed, dispatch_uid="edgecache-slug")
    pre_page_move.connect(on_pre_move, dispatch_uid="edgecache-pre-move")
    post_page_move.connect(on_post_move, dispatch_uid="edgecache-post-move")
    # The base Page row is deleted for every page type, once per page.
    pre_delete.connect(on_delete, sender=Page, dispatch_uid="edgecache-delete")
    post_save.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="edgecache-restriction")
    post_delete.connect(on_restriction_change, sender=PageViewRestriction, dispatch_uid="edgecache-restriction-del")
    post_save.connect(on_site_wide_change, dispatch_uid="edgecache-site-wide")
    post_delete.connect(on_site_wide_change, dispatch_uid="edgecache-site-wide-del")
