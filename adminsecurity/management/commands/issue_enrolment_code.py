"""Issue a one-time enrolment code, e.g. for the first superuser, who has no one to ask in the admin.

The code is printed once and stored only as a hash.
"""

from django.core.management.base import BaseCommand

from adminsecurity.enrolment import issue_code, lifetime, needs_enrolment_code
from adminsecurity.management.users import user_named


class Command(BaseCommand):
    help = "Issue a one-time code that lets USERNAME add their first authenticator app (shown once)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_named(username)
        code = issue_code(user)
        hours = int(lifetime().total_seconds() // 3600)
        self.stdout.write(
            self.style.SUCCESS(f"Enrolment code for '{username}': {code}")
            + f"\nShown only now. It works once, within {hours} hours, and replaces any earlier code."
        )
        if not needs_enrolment_code(user):
            self.stdout.write("Note: they do not need it now (two-factor is not required of them, or already set up).")
