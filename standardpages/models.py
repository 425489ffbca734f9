from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from core.blocks import BodyStreamBlock
from core.pages import BasePage, ContactChoiceMixin


class InformationPage(ContactChoiceMixin, BasePage):
    """Plain text pages such as the accessibility statement, privacy notice and cookies page."""

    introduction = models.TextField(
        max_length=500,
        help_text="One or two sentences that say what the page covers; also its description in search results.",
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text="The page's text. Use headings (h2, h3) to split it into sections people can scan.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction", required_on_save=True),
        FieldPanel("body"),
        *ContactChoiceMixin.contact_panels,
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "pages/information_page.html"
    page_description = (
        "A page of plain information, such as the accessibility statement, privacy notice or cookies page. "
        "Every published information page below the home page is linked in the footer of every page."
    )
    # Linked from every page's footer (core_tags.site_links) while live below the home page.
    footer_link = "information"

    class Meta:
        verbose_name = "information page"

    summary_field = "introduction"
