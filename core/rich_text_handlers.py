"""Wagtail's rich text handlers, rendering an id that is not a number as a link to nothing (see core/rich_text.py)."""

from django.utils.html import escape
from wagtail.admin.rich_text.converters.contentstate import link_entity
from wagtail.admin.rich_text.converters.html_to_contentstate import (
    ExternalLinkElementHandler,
    PageLinkElementHandler,
)
from wagtail.documents.rich_text import DocumentLinkHandler
from wagtail.images.rich_text import ImageEmbedHandler
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from core import memo, pagetree
from core.rich_text import valid_id

# Linked pages a process keeps per generation (``linked_pages``).
MAX_KEPT_LINKED_PAGES = 2000


def _without_bad_ids(attrs_list):
    # Wagtail's handlers look up each id; a None id finds nothing and renders an empty link.
    return [attrs if valid_id(attrs.get("id")) else {**attrs, "id": None} for attrs in attrs_list]


class SafePageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        # Base pages: Wagtail fetches each linked page's specific type too (a
        # query per type) only to ask for its URL, which no page type here
        # changes; url_path and the site root paths answer it. The pages are
        # kept per cache generation, like the page tree rows routing reads
        # (core/pagetree.py): any page save, move or deletion starts a new one,
        # so a link shows a renamed or moved page at once (issue 10, docs/speed.md).
        ids = [attrs.get("id") for attrs in _without_bad_ids(attrs_list)]
        pages = linked_pages({str(i) for i in ids if i})
        return [memo.instance_copy(pages[str(id_)]) if id_ and pages.get(str(id_)) else None for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        # Wagtail links each page in the active language (``page.localized``),
        # at two queries per link; here a link to a page in another language's
        # tree costs one query for all of them, and none in the same language.
        pages = pagetree.localized(cls.get_many(attrs_list))
        roots = pagetree.site_root_paths()
        for page in pages:
            if page is not None:
                # Where Wagtail looks first: else each ``.url`` is a round trip to the cache.
                page._wagtail_cached_site_root_paths = roots
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]


def linked_pages(ids):
    """{id: base Page or None} for the ids rich text links to, read once per cache generation.

    An id with no page is remembered as None too; a page created later starts a
    new generation. At most MAX_KEPT_LINKED_PAGES are kept; past that, read each
    time (memo.KeptMap).
    """
    kept = memo.kept_map("rich_text_linked_pages", limit=MAX_KEPT_LINKED_PAGES)
    missing = {id_ for id_ in ids if id_ not in kept}
    found = {}
    if missing:
        found = {str(page.id): page for page in Page.objects.filter(id__in=missing).defer_streamfields()}
        found.update(dict.fromkeys(missing - found.keys()))
        kept.keep_all(found)
    return {id_: found[id_] if id_ in found else kept.get(id_) for id_ in ids}


class SafeDocumentLinkHandler(DocumentLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return super().get_many(_without_bad_ids(attrs_list))


class SafeImageEmbedHandler(ImageEmbedHandler):
    @classmethod
    def get_many(cls, attrs_list):
        return super().get_many(_without_bad_ids(attrs_list))


class SafePageLinkElementHandler(PageLinkElementHandler):
    """Opens text holding a bad page id in the editor (Wagtail raises ValueError) as a broken link.

    The id is kept as it is, so saving names it (core/rich_text.py) until the editor removes the link.
    """

    def get_attribute_data(self, attrs):
        if valid_id(attrs.get("id")):
            return super().get_attribute_data(attrs)
        return {"id": attrs.get("id", ""), "url": None, "parentId": None}


# Wagtail's "link" rule (wagtail/admin/wagtail_hooks.py) with the page handler above.
LINK_CONVERTER_RULE = {
    "from_database_format": {
        "a[href]": ExternalLinkElementHandler("LINK"),
        'a[linktype="page"]': SafePageLinkElementHandler("LINK"),
    },
    "to_database_format": {"entity_decorators": {"LINK": link_entity}},
}
