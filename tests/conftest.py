import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from tests.factories import build_site
from tests.ops_support import production_site  # noqa: F401  (session fixture for the operations tests)
from tests.otp_helpers import force_login_verified


@pytest.fixture(autouse=True)
def _empty_caches():
    """Each test starts with empty caches: the database is rolled back between
    tests, but cached pages, image renditions (keyed by ids the next test
    reuses) and rate-limit counts would outlive it."""
    from django.core.cache import caches

    for cache in caches.all():
        if hasattr(cache, "delete_pattern"):
            # Redis: only this run's keys (its KEY_PREFIX); clear() would flush
            # the whole database, other runs' keys included.
            cache.delete_pattern("*")
        else:
            cache.clear()


@pytest.fixture
def site_pages(db):
    """(home, landing) pages under the default site."""
    return build_site()


@pytest.fixture
def seeded(db):
    """The site as `seed_content` builds it on an empty database."""
    out = io.StringIO()
    call_command("seed_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor_client(db, media_root):
    """A client signed in (second factor verified) as a superuser editor."""
    user = get_user_model().objects.create_superuser("webeditor", "webeditor@example.com", "a-long-password-123")
    client = Client()
    force_login_verified(client, user)
    return client
