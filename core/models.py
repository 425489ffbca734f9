"""The notice every translated page shows (issue 11).

One row per language, translated like any other snippet: with wagtail-localize
or by editing the row for a language. Approvers change it, as they do site
settings; it is shown above the content of every page that is not in English.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin


class TranslationNotice(TranslatableMixin, models.Model):
    text = models.CharField(
        max_length=250,
        help_text="Shown at the top of every translated page, in its language. For example "
        "“This page was translated from English; the English version is authoritative.”",
    )
    link_text = models.CharField(
        max_length=80,
        help_text="The words of the link to the same page in English, for example “Read this page in English”.",
    )

    panels = [FieldPanel("text"), FieldPanel("link_text")]

    # A new notice (a translation) is on every page of its language at once (edgecache/purge.py).
    shown_when_created = True

    class Meta(TranslatableMixin.Meta):
        verbose_name = "translation notice"

    def __str__(self):
        return self.text
