"""The abstract page every page type on the site extends.

It holds what all pages share: the meta description rule and the promote
panel. Each page type adds only its own fields.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.snippets.widgets import AdminSnippetChooser

from core.blocks import stream_alt_text_messages
from core.widgets import PageLanguageSnippetChooser

# The promote tab. seo_title and search_description are read by core/seo.py
# (the <title>, meta description and link previews) and search/views.py.
SEARCH_AND_SHARING = MultiFieldPanel(
    [
        FieldPanel("slug"),
        FieldPanel("seo_title"),
        FieldPanel("search_description"),
    ],
    heading="For search engines and sharing",
)
# The main menu lists the home page's children with this ticked (core_tags.main_menu),
# so only page types that can sit directly under the home page show it.
SHOW_IN_MENUS = FieldPanel(
    "show_in_menus",
    heading="Show in the main menu",
    help_text=(
        "Tick to list this page in the main menu at the top of every page. "
        "The menu follows the order of the pages under the home page in the page tree."
    ),
)


class BasePage(Page):
    promote_panels = [SEARCH_AND_SHARING, SHOW_IN_MENUS]
    # For page types never directly under the home page: the main menu would ignore the box.
    promote_panels_outside_menu = [SEARCH_AND_SHARING]

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


class PageLanguageChooserPanel(FieldPanel):
    """A snippet chooser whose list opens on the page's own language.

    With "All", an English page's chooser lists every team four times (once per
    language), and picking the French row puts French on the English page.
    Nothing is refused: the editor can still switch the filter to "All".
    """

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            field = self.form.fields.get(self.field_name)
            # A new page has its parent's language by now (Wagtail's create view).
            locale = getattr(self.instance, "locale", None)
            if field is not None and locale is not None and isinstance(field.widget, AdminSnippetChooser):
                # The form's fields are its own copies, so this changes this form only.
                field.widget = PageLanguageSnippetChooser(field.widget.model_class, locale.language_code)


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
    contact_panels = [PageLanguageChooserPanel("contact")]

    class Meta:
        abstract = True
