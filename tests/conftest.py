import io

import pytest
from django.core.management import call_command

from tests.factories import build_site
from tests.ops_support import production_site  # noqa: F401  (session fixture for the operations tests)


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test starts with no cached pages: the database is rolled back
    between tests without the signals that would empty the cache."""
    from pagecache.cache import bump

    bump()


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
