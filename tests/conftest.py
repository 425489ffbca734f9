import io

import pytest
from django.core.management import call_command

from tests.factories import build_site


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
