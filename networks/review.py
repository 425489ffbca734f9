"""Review dates: when a page is next due a check that it is still true.

Wagtail core has no review dates (LocalGov Drupal does). Each page in the
international section carries ``next_review_date``; publishing moves it a
year ahead unless the editor picked another date. The admin dashboard panel
and the ``pages_due_for_review`` command list what is overdue or due soon.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

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


def pages_due_for_review(within_days=DUE_SOON_DAYS, today=None, user=None):
    """Live pages in the international section whose review is overdue or due within ``within_days``.

    Oldest first. With ``user``, only pages that user may edit.
    """
    from wagtail.permission_policies.pages import PagePermissionPolicy

    from .models import InternationalStrategyPage, NetworkPage

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    due = []
    for model in (InternationalStrategyPage, NetworkPage):
        pages = model.objects.live().filter(Q(next_review_date__lte=horizon) | Q(next_review_date__isnull=True))
        if user is not None:
            editable = PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"])
            pages = pages.filter(pk__in=editable.values("pk"))
        due.extend(DueForReview(page, today) for page in pages.only("id", "title", "url_path", "next_review_date"))
    due.sort(key=lambda item: (item.date or datetime.date.min, item.page.title))
    return due
