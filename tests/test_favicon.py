"""Every page names an icon that exists, and /favicon.ico answers for browsers that ask regardless."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from PIL import Image

from networks.models import NetworkPage
from standardpages.models import InformationPage

ICON_LINK = re.compile(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">')


def linked_icons(html):
    icons = ICON_LINK.findall(html)
    assert icons, "no <link rel=icon> on the page"
    return icons


def assert_icon_exists(href):
    assert href.startswith(settings.STATIC_URL), href
    found = finders.find(href.removeprefix(settings.STATIC_URL))
    assert found, f"{href} links to a static file that does not exist"
    with open(found) as svg:
        assert "<svg" in svg.read()


@pytest.mark.django_db
def test_every_public_page_links_an_icon_that_exists(client, seeded):
    network = NetworkPage.objects.live().first()
    info = InformationPage.objects.live().first()
    urls = ["/", network.get_parent().url, network.url, info.url, "/search/?q=culture", "/no-such-page/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        for href in linked_icons(response.content.decode()):
            assert_icon_exists(href)


def test_the_database_down_page_links_the_icon_too():
    for href in linked_icons(render_to_string("503.html")):
        assert_icon_exists(href)


@pytest.mark.django_db
def test_favicon_ico_is_an_icon_kept_by_browsers(client, tmp_path):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 60 * 60 * 24
    icon = tmp_path / "favicon.ico"
    icon.write_bytes(response.content)
    with Image.open(icon) as image:
        assert image.format == "ICO"
        assert (32, 32) in image.info["sizes"]
    assert client.head("/favicon.ico").status_code == 200
    assert client.post("/favicon.ico").status_code == 405
