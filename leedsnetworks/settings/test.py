"""Test run: fast hashing, in-memory email, no debug."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-use-anywhere-else-0123456789"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests set the site's address themselves (tests/test_site_url.py), whatever the shell says.
SITE_URL = ""
WAGTAILADMIN_BASE_URL = "http://testserver"

# With REDIS_URL (as in CI) the page cache runs against real Redis. A key
# prefix per test process keeps runs that share a Redis database apart.
if os.environ.get("REDIS_URL"):
    CACHES = {"default": redis_cache(os.environ["REDIS_URL"], key_prefix=f"test-{os.getpid()}")}  # noqa: F405

# One process: its own commits make it re-read the database generation at
# once (pagecache/cache.py). A timed re-read would add a query to a cached
# response whenever a test crosses the second, and the tests count queries.
PAGECACHE_GENERATION_CHECK_SECONDS = 3600

# Tests purge once, when the change commits (edgecache/purge.py).
EDGECACHE_REPURGE_SECONDS = 0

# The link checker's tests run their servers on 127.0.0.1 (tests/link_servers.py);
# tests/test_link_check.py takes this away to prove private addresses are refused.
LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
