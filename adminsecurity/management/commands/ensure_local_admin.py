"""Make sure a newcomer has an admin login after `make run`.

Creates a superuser once, with the password from DJANGO_SUPERUSER_PASSWORD or a
random one printed a single time. Never runs with production settings.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Create a local superuser for development if none exists, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args, port, **options):
        if not settings.DEBUG or settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError("ensure_local_admin is for local development only; it never runs in production.")

        User = get_user_model()
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        login_url = f"http://127.0.0.1:{port}/admin/"
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                f"Admin login: {login_url} as '{username}' (password as printed when it was created; "
                f"change it with: .venv/bin/python manage.py changepassword {username})"
            )
            return

        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", f"{username}@localhost"),
            password=password,
        )
        shown = "(from DJANGO_SUPERUSER_PASSWORD)" if os.environ.get("DJANGO_SUPERUSER_PASSWORD") else password
        self.stdout.write(
            self.style.SUCCESS(
                f"Created admin account. Log in at {login_url}\n  username: {username}\n  password: {shown}\n"
                "This password is shown only once."
            )
        )
