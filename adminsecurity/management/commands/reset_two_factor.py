"""Remove a user's authenticator app and recovery codes, e.g. after a lost phone.

They set up a new app the next time they sign in (if their role requires it).
"""

from django.core.management.base import BaseCommand
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from adminsecurity.management.users import user_named


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = user_named(username)
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed two-factor devices for '{username}' ({removed} records). "
                "They will set up a new authenticator app at their next sign-in; if their role requires "
                f"two-factor sign-in they need an enrolment code first: manage.py issue_enrolment_code {username}"
            )
        )
