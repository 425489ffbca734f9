"""Wagtail hooks for every page type: rich text page links in one query."""

from wagtail import hooks
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler as WagtailPageLinkHandler


class PageLinkHandler(WagtailPageLinkHandler):
    """Page links in rich text: one query per rich text field, not two.

    Wagtail fetches each linked page's specific type only to ask for its URL,
    which no page type here changes (none overrides ``get_url_parts``); the
    base page answers from ``url_path`` and Wagtail's cached site root paths.
    Registered below.
    """

    @classmethod
    def get_many(cls, attrs_list):
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = {str(page.id): page for page in Page.objects.filter(id__in=ids).defer_streamfields()}
        return [pages.get(str(id_)) for id_ in ids]


# After Wagtail's own hook (order 0), which registers its "page" link type: this one replaces it.
@hooks.register("register_rich_text_features", order=100)
def page_links_in_one_query(features):
    features.register_link_type(PageLinkHandler)
