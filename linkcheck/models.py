from django.db import models
from django.utils.translation import gettext_lazy as _


class LinkCheckQuerySet(models.QuerySet):
    def broken(self):
        return self.filter(ok=False)


class LinkCheck(models.Model):
    """The last check of one external address, and the live pages (and footers, alerts) that link to it."""

    url = models.CharField(_("address"), max_length=2000, unique=True)
    ok = models.BooleanField(_("works"), default=False)
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("problem"), max_length=300, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    pages = models.ManyToManyField("wagtailcore.Page", related_name="+", verbose_name=_("pages where used"))
    # What else shows the link (links.external_links_elsewhere): [[model label, pk], …], named when listed (places.py).
    used_elsewhere = models.JSONField(_("also used in"), default=list, blank=True)

    objects = LinkCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("link check")
        ordering = ["url"]

    def __str__(self):
        return self.url

    @property
    def problem(self):
        """What an editor reads: the error, or the status the site answered with."""
        if self.error:
            return self.error
        return _("The site answered %(status)s") % {"status": self.status}
