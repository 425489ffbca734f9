"""Right-to-left languages: a page in Urdu is marked dir="rtl" and the layout mirrors.

No right-to-left language is configured today; adding one (SITE_LANGUAGES) must
need nothing more than configuration and content (docs/translation.md). These
tests add Urdu to the site's languages and translate pages into it the way
editors would, with Wagtail's translation copy. The browser check that the
mirrored layout is accessible at 1280 and 320 px is in
tests/browser/test_interface_languages.py.
"""

import pytest
from django.conf import settings
from django.test import override_settings

from networks.models import NetworkPage
from tests.factories import translate
from tests.ops_support import unreachable_database

WITH_URDU = [*settings.LANGUAGES, ("ur", "اردو")]


@pytest.fixture
def urdu(seeded):
    with override_settings(LANGUAGES=WITH_URDU, WAGTAIL_CONTENT_LANGUAGES=WITH_URDU):
        english = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")
        yield translate(english, "ur", title="یوروسٹیز", summary="یورپی شہروں کا نیٹ ورک۔")


def test_a_right_to_left_page_says_so(client, urdu):
    response = client.get("/ur/international/eurocities/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ur" dir="rtl">' in html
    assert "<h1>یوروسٹیز</h1>" in html
    # Left-to-right pages stay so beside it.
    assert '<html lang="en-GB" dir="ltr">' in client.get("/international/eurocities/").content.decode()


def test_the_not_found_and_unavailable_pages_turn_too(client, visitor, urdu):
    missing = client.get("/ur/no-such-page/")
    assert missing.status_code == 404
    assert '<html lang="ur" dir="rtl">' in missing.content.decode()
    with unreachable_database():
        unavailable = visitor.get("/ur/international/")
    assert unavailable.status_code == 503
    assert '<html lang="ur" dir="rtl">' in unavailable.content.decode()
