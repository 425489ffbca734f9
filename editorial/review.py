"""Review dates: when a page is next due a check that it is still true.

Wagtail core has no review dates (LocalGov Drupal does). Page types that mix
in ``ReviewDateMixin`` carry ``next_review_date``; publishing moves it a year
ahead unless the editor picked another date. The admin dashboard panel and
the ``pages_due_for_review`` command list what is overdue or due soon, for
every page type with the mixin, found through the app registry so this module
imports no page app.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageLogEntry

REVIEW_INTERVAL_YEARS = 1
# "Due soon" means within this many days: long enough to plan a check.
DUE_SOON_DAYS = 30


def years_after(day, years=REVIEW_INTERVAL_YEARS):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def next_review_after_publish(picked, previous, today=None):
    """The review date a page gets when a revision of it goes live.

    ``picked`` is the date in the revision being published and ``previous``
    the one in force before (None on a first publish). A future date the
    editor changed is kept; anything else becomes a year from today.
    """
    today = today or timezone.localdate()
    if picked and picked > today and picked != previous:
        return picked
    return years_after(today)


class ReviewDateMixin(models.Model):
    """A "next review" date, moved to 12 months ahead each time the page is published.

    The editor may pick another date in the same edit; a date left as it was,
    cleared, or not in the future is replaced on publishing.
    """

    next_review_date = models.DateField(
        "next review",
        null=True,
        blank=True,
        help_text=f"When someone should next check this page is still true. Publishing sets it to "
        f"{REVIEW_INTERVAL_YEARS * 12} months ahead unless you pick another future date here in the same edit.",
    )

    review_panels = [
        MultiFieldPanel([FieldPanel("next_review_date")], heading="Review"),
    ]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        going_live = self._revision_going_live() if self._may_be_publishing(kwargs.get("update_fields")) else None
        if going_live:
            self.next_review_date = next_review_after_publish(
                picked=self.next_review_date, previous=self._previously_published_review_date()
            )
        super().save(*args, **kwargs)
        if going_live:
            self._store_review_date_in(going_live)

    def _may_be_publishing(self, update_fields):
        return bool(
            self.pk
            and self.live
            and self.live_revision_id
            and (update_fields is None or "next_review_date" in update_fields)
        )

    def _revision_going_live(self):
        """The revision this save publishes, or None if it publishes nothing new."""
        before = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("live_revision_id", "live", "first_published_at", "next_review_date")
            .first()
        )
        if before is None or (before["live"] and before["live_revision_id"] == self.live_revision_id):
            return None
        self._state_before_publish = before
        return self.live_revision

    def _previously_published_review_date(self):
        before = self._state_before_publish
        if before["first_published_at"] is None:
            return None
        if before["live"]:
            # Drafts of a live page live only in revisions, so the row still
            # holds what was last published.
            return before["next_review_date"]
        # Unpublished since: the row holds the latest draft, so ask the last publish.
        last_publish = (
            PageLogEntry.objects.filter(page_id=self.pk, action="wagtail.publish", revision__isnull=False)
            .select_related("revision")
            .order_by("-timestamp", "-pk")
            .first()
        )
        if last_publish is None:
            return None
        value = last_publish.revision.content.get("next_review_date")
        return self._meta.get_field("next_review_date").to_python(value) if value else None

    def _store_review_date_in(self, revision):
        """Keep the published revision showing the date in force: the edit form loads it.

        Revisions are Wagtail's record of what was published, so the one field
        is written back through the revision's own serialisation, not by
        patching its JSON.
        """
        if revision.content.get("next_review_date") == self._review_date_in_revision_form():
            return
        revision.content = self.serializable_data()
        revision.save(update_fields=["content"])

    def _review_date_in_revision_form(self):
        return self.next_review_date.isoformat() if self.next_review_date else None


@dataclass
class DueForReview:
    page: object
    today: datetime.date

    @property
    def date(self):
        return self.page.next_review_date

    @property
    def overdue(self):
        return self.date is None or self.date < self.today

    @property
    def status(self):
        if self.date is None:
            return "No review date"
        days = (self.date - self.today).days
        if days < 0:
            return f"Overdue by {-days} day{'s' if days != -1 else ''}"
        if days == 0:
            return "Due today"
        return f"Due in {days} day{'s' if days != 1 else ''}"


def reviewed_page_models():
    """Every concrete page model with a review date, whichever app defines it."""
    return [model for model in apps.get_models() if issubclass(model, ReviewDateMixin)]


def pages_due_for_review(within_days=DUE_SOON_DAYS, today=None, user=None):
    """Live pages whose review is overdue or due within ``within_days``, oldest first.

    With ``user``, only pages that user may edit.
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    due = []
    for model in reviewed_page_models():
        pages = model.objects.live().filter(Q(next_review_date__lte=horizon) | Q(next_review_date__isnull=True))
        if user is not None:
            editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
            pages = pages.filter(pk__in=editable.values("pk"))
        due.extend(DueForReview(page, today) for page in pages.only("id", "title", "url_path", "next_review_date"))
    due.sort(key=lambda item: (item.date or datetime.date.min, item.page.title))
    return due
