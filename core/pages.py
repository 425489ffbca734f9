"""The abstract page every page type on the site extends.

It holds what all pages share: the meta description rule and the promote
panel. Each page type adds only its own fields.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from core.blocks import stream_alt_text_messages


class BasePage(Page):
    promote_panels = [
        MultiFieldPanel(
            [
                FieldPanel("slug"),
                FieldPanel("seo_title"),
                FieldPanel("search_description"),
            ],
            heading="For search engines and sharing",
        ),
        FieldPanel("show_in_menus"),
    ]

    class Meta:
        abstract = True

    def get_meta_description(self):
        """What search engines and link previews show under the title.

        Editors may write one on the Promote tab; otherwise the page's own
        summary or introduction stands in.
        """
        return self.search_description or self.get_summary_text()

    def publishing_problems(self):
        """Why this version may not go live yet: the checks the edit form runs on submit and publish.

        An approver approving from the dashboard publishes a stored revision
        without any form, so the workflow runs these again (editorial/workflow.py).
        """
        return stream_alt_text_messages(self)

    # The field that sums the page up (its summary or introduction): search
    # results read it for many page types in one query (search/views.py).
    summary_field = ""

    def get_summary_text(self):
        return getattr(self, self.summary_field, "") if self.summary_field else ""

    def get_view_restrictions(self):
        # core.pagetree.route found no restriction on this page or above it in
        # the same query that found the page; Wagtail would query twice more.
        known = getattr(self, "_ln_view_restrictions", None)
        return known if known is not None else super().get_view_restrictions()


class ContactChoiceMixin(models.Model):
    """A page that may name the team to contact (a contacts.Contact snippet).

    Named by label: core imports no app. Where none is chosen the site
    settings' contact details stay the default (templates/components/contact_block.html).
    """

    contact = models.ForeignKey(
        "contacts.Contact",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Optional. The team visitors should contact about this page. Leave empty to show the "
            "site's usual contact details. Manage the list under Contacts."
        ),
    )
    contact_panels = [FieldPanel("contact")]

    class Meta:
        abstract = True
