from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from core.fields import HttpsURLField
from core.snippets import ApprovedSnippet


class Level(models.TextChoices):
    # Stored values stay English; the labels are what editors and visitors read.
    INFORMATION = "information", _("Information")
    WARNING = "warning", _("Warning")
    URGENT = "urgent", _("Urgent")


class Alert(ApprovedSnippet):
    """A message across the top of every public page between two times, once an approver has published it.

    Written in English and translated with wagtail-localize like any snippet
    (issue 11). The English alert decides whether it shows, when and how
    urgently, on every language's pages: its translations give only the words,
    so ending or extending it needs no sync, and an urgent alert nobody has
    translated yet still shows, in English (alerts/active.py).
    """

    # A new translation can be published at once: the edge cache drops every page (edgecache/purge.py).
    shown_when_created = True

    message = models.TextField(
        _("message"),
        max_length=300,
        help_text=_("What visitors need to know, in one or two plain sentences. 300 characters at most."),
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        choices=Level.choices,
        default=Level.INFORMATION,
        help_text=_(
            "Information: grey, for news. Warning: yellow, for disruption. Urgent: red, for safety or closures."
        ),
    )
    link_url = HttpsURLField(
        _("link address"),
        blank=True,
        help_text=_("Optional: where visitors can read more, starting with https://."),
    )
    link_text = models.CharField(
        _("link text"),
        max_length=80,
        blank=True,
        help_text=_("Words for the link, saying where it goes, for example “Read the travel update”."),
    )
    starts_at = models.DateTimeField(
        _("show from"), help_text=_("The alert appears on every page at this date and time.")
    )
    ends_at = models.DateTimeField(
        _("show until"),
        help_text=_("The alert disappears at this date and time. Every alert must end; you can extend it later."),
    )

    panels = [
        FieldPanel("message", required_on_save=True),
        FieldPanel("level"),
        MultiFieldPanel(
            [FieldPanel("link_url"), FieldPanel("link_text")],
            heading=_("Link (optional)"),
        ),
        FieldRowPanel(
            [FieldPanel("starts_at", required_on_save=True), FieldPanel("ends_at", required_on_save=True)],
            heading=_("When to show it"),
        ),
    ]

    class Meta(ApprovedSnippet.Meta):
        verbose_name = _("site alert")
        verbose_name_plural = _("site alerts")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.message[:60]

    @classmethod
    def link_check_objects(cls):
        """For the broken-link report (linkcheck/links.py): the published alerts showing now or still to come."""
        return cls.objects.filter(live=True, ends_at__gt=timezone.now())

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must come after the start.")
        if self.link_url and not self.link_text:
            errors["link_text"] = _("Say where the link goes, for example “Read the travel update”.")
        if self.link_text and not self.link_url:
            errors["link_url"] = _("Enter the web address the link text should go to, or remove the link text.")
        if errors:
            raise ValidationError(errors)

    def is_showing_at(self, moment):
        return self.live and self.starts_at <= moment < self.ends_at
