"""Remove a user's authenticator app and recovery codes, e.g. after a lost phone.

They set up a new app the next time they sign in (if their role requires it).
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Remove a user's two-factor devices (authenticator app and recovery codes)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user called '{username}'.") from None
        removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed two-factor devices for '{username}' ({removed} records). "
                "They will set up a new authenticator app at their next sign-in; if their role requires "
                f"two-factor sign-in they need an enrolment code first: manage.py issue_enrolment_code {username}"
            )
        )
