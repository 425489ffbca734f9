"""Local development: debug on, console email, a throwaway secret key."""

import os

from .base import *  # noqa: F403

DEBUG = True
# Only for a laptop; production.py never imports this module.
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-local-development-only")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

# The local admin from `make run` signs in with its password alone, so a
# newcomer needs no authenticator app. Set ADMIN_TWO_FACTOR_REQUIRED=1 to try
# the production rule locally. Base and production settings require it.
ADMIN_TWO_FACTOR_REQUIRED = os.environ.get("ADMIN_TWO_FACTOR_REQUIRED", "0").lower() in {"1", "true", "yes"}

# Plain storage so `runserver` needs no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
