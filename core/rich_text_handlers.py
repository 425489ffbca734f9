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

from core import pagetree
from core.rich_text import valid_id


def _without_bad_ids(attrs_list):
    # Wagtail's handlers look up each id; a None id finds nothing and renders an empty link.
    return [attrs if valid_id(attrs.get("id")) else {**attrs, "id": None} for attrs in attrs_list]


class SafePageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list):
        # Base pages, one query per rich text field: Wagtail fetches each linked
        # page's specific type too (a query per type) only to ask for its URL,
        # which no page type here changes; url_path and the cached site root
        # paths answer it (issue 10, docs/speed.md).
        ids = [attrs.get("id") for attrs in _without_bad_ids(attrs_list)]
        pages = {str(page.id): page for page in Page.objects.filter(id__in=[i for i in ids if i]).defer_streamfields()}
        return [pages.get(str(id_)) if id_ else None for id_ in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list):
        # Wagtail links each page in the active language (``page.localized``),
        # at two queries per link; here a link to a page in another language's
        # tree costs one query for all of them, and none in the same language.
        pages = pagetree.localized(cls.get_many(attrs_list))
        return [f'<a href="{escape(page.url)}">' if page else "<a>" for page in pages]


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
