"""List the pages whose review is overdue or due soon, for a scheduled email.

Prints nothing when nothing is due, so cron (which mails any output) stays
quiet; ``--email`` sends the list to the communications approvers instead.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.urls import reverse

from editorial.review import DUE_SOON_DAYS, pages_due_for_review
from editorial.roles import APPROVERS


class Command(BaseCommand):
    help = "List live pages in the international section whose review is overdue or due within --days days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=DUE_SOON_DAYS,
            help=f"Also list pages due within this many days (default {DUE_SOON_DAYS}).",
        )
        parser.add_argument(
            "--email",
            action="store_true",
            help=f"Email the list to every active member of “{APPROVERS}” with an email address.",
        )

    def handle(self, *args, days, email, verbosity, **options):
        due = pages_due_for_review(within_days=days)
        if not due:
            if verbosity > 1:
                self.stdout.write(f"No pages are overdue or due for review in the next {days} days.")
            return

        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        lines = []
        for item in due:
            when = f" (review date {item.date.day} {item.date:%B %Y})" if item.date else ""
            edit_url = base_url + reverse("wagtailadmin_pages:edit", args=[item.page.pk])
            lines.append(f"- {item.page.title}: {item.status.lower()}{when}\n  {edit_url}")
        overdue = sum(item.overdue for item in due)
        summary = f"{len(due)} page(s) due for review ({overdue} overdue, the rest within {days} days):"
        text = "\n".join([summary, *lines])
        self.stdout.write(text)

        if email:
            recipients = list(
                get_user_model()
                .objects.filter(groups__name=APPROVERS, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
                .distinct()
            )
            if not recipients:
                self.stderr.write(f"No active member of “{APPROVERS}” has an email address; nothing sent.")
                return
            send_mail(
                subject=f"{settings.WAGTAIL_SITE_NAME}: {len(due)} page(s) due for review",
                message=text + "\n\nCheck each page is still true, then publish it to move its review a year ahead.",
                from_email=None,
                recipient_list=recipients,
            )
            self.stdout.write(f"Sent to {len(recipients)} approver(s).")
