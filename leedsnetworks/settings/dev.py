"""Local development: debug on, console email, a throwaway secret key."""

import os

from .base import *  # noqa: F403

DEBUG = True
# Only for a laptop; production.py never imports this module.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-local-development-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# Plain storage so `runserver` needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
