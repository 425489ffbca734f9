import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.fields import phone_number
from core.snippets import ApprovedSnippet


class Contact(index.Indexed, ApprovedSnippet):  # Indexed first: its check() must run before Model.check()
    """A team's contact details, written once and chosen on any number of pages.

    The field names match the site settings' (home.SiteSettings), so one
    template (components/contact_details.html) shows either. Translatable
    from the start: wagtail-localize can translate it without a data migration.
    """

    team_name = models.CharField(
        _("team name"),
        max_length=120,
        help_text=_("The team visitors can contact, for example “Eurocities project team”."),
    )
    contact_email = models.EmailField(
        _("email"),
        blank=True,
        help_text=_("A shared team mailbox rather than a person's address, so it survives staff changes."),
    )
    phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[phone_number],
        help_text=_("Written as visitors should dial it, for example 0113 222 4444."),
    )
    postal_address = models.TextField(
        _("address"),
        max_length=400,
        blank=True,
        help_text=_("One part of the address per line, as it would go on an envelope."),
    )

    panels = [
        FieldPanel("team_name", required_on_save=True),
        FieldPanel("contact_email"),
        FieldPanel("phone"),
        FieldPanel("postal_address"),
    ]
    search_fields = [index.SearchField("team_name"), index.AutocompleteField("team_name")]

    class Meta(ApprovedSnippet.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["team_name"]

    def __str__(self):
        return self.team_name

    @property
    def has_contact_details(self):
        return any([self.team_name, self.contact_email, self.phone, self.postal_address])

    @property
    def phone_href(self):
        """The number for a tel: link: digits and a leading + only."""
        return re.sub(r"[^\d+]", "", self.phone)
