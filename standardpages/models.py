from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
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

    # An accessibility statement must say when it was prepared and last
    # reviewed (GOV.UK's model statement); any statement-like page may use them.
    prepared_on = models.DateField(
        "statement prepared on",
        null=True,
        blank=True,
        help_text="For a statement such as the accessibility statement: the date it was first prepared. "
        "Shown at the end of the page. Leave empty on other pages.",
    )
    reviewed_on = models.DateField(
        "statement last reviewed on",
        null=True,
        blank=True,
        help_text="The date the statement was last checked and found still true. Change it at every review.",
    )
    show_contact_details = models.BooleanField(
        "show the team's contact details",
        default=False,
        help_text="Adds a “Contact the team” section after the text, with the email address, phone number and "
        "postal address from the site settings (those filled in) and a link to the report a problem form.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction", required_on_save=True),
        FieldPanel("body"),
        *ContactChoiceMixin.contact_panels,
        MultiFieldPanel(
            [FieldPanel("show_contact_details"), FieldPanel("prepared_on"), FieldPanel("reviewed_on")],
            heading="Statement details",
        ),
    ]

    def clean(self):
        super().clean()
        if self.reviewed_on and self.prepared_on and self.reviewed_on < self.prepared_on:
            raise ValidationError(
                {"reviewed_on": _("Enter a review date on or after the date the statement was prepared")}
            )

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
