"""What public pages make a browser download: static files, images and no inline code.

- CSS and JS are fingerprinted and compressed by collectstatic (WhiteNoise's
  CompressedManifestStaticFilesStorage), served with far-future cache headers,
  and the site's own add up to less than 30 KB compressed.
- Images in page bodies are <picture> elements with AVIF, WebP and JPEG
  sources, `sizes`, and width and height so nothing shifts while loading.
- No public page has an inline <script>, <style>, style= or on…= attribute:
  production's Content Security Policy forbids them.
"""

import io
import json

import pytest
import wagtail_factories
from django.core.management import call_command
from django.test import Client, override_settings
from PIL import Image as PILImage

from tests.factories import NetworkPageFactory
from tests.site_crawl import parse, public_urls

BUDGET_BYTES = 30 * 1024


def production_static(root):
    from django.conf import settings

    return override_settings(
        STATIC_ROOT=root,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic as production runs it (once: it compresses Wagtail's admin files too)."""
    root = tmp_path_factory.mktemp("static")
    with production_static(root):
        call_command("collectstatic", interactive=False, verbosity=0, stdout=io.StringIO())
    return root


@pytest.fixture
def collected(static_root):
    """A client whose WhiteNoise serves the collected files, on production's static storage."""
    with production_static(static_root):
        # A new client builds its middleware on first use, so WhiteNoise indexes STATIC_ROOT.
        yield Client()


def linked_assets(pages):
    """The stylesheets and scripts public pages load."""
    assets = set()
    for response in pages.values():
        for tag, attrs in parse(response.content.decode()).tags:
            if tag == "link" and "stylesheet" in attrs.get("rel", "").split():
                assets.add(attrs["href"])
            elif tag == "script" and attrs.get("src"):
                assets.add(attrs["src"])
    return assets


def test_css_and_js_are_fingerprinted_compressed_cached_for_ever_and_small(seeded, collected):
    pages = public_urls(collected)
    assert len(pages) >= 7, sorted(pages)
    assets = linked_assets(pages)
    assert any(a.endswith(".css") for a in assets), assets

    total = 0
    report = []
    for url in sorted(assets):
        assert url.startswith("/static/"), f"{url} is not one of the site's own files"
        # name.<12 hex digits>.ext: the manifest's fingerprint.
        stem = url.rsplit("/", 1)[1].rsplit(".", 2)
        assert len(stem) == 3 and len(stem[1]) == 12, f"{url} is not fingerprinted"
        response = collected.get(url, headers={"accept-encoding": "gzip, br"})
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "max-age=315360000, public, immutable", url
        assert response["Content-Encoding"] in ("gzip", "br"), url
        size = len(b"".join(response.streaming_content))
        report.append(f"{url}: {size} bytes {response['Content-Encoding']}")
        total += size
    assert total < BUDGET_BYTES, f"{total} bytes compressed, over the {BUDGET_BYTES} budget: {report}"


def test_unfingerprinted_static_names_are_not_cached_for_ever(collected):
    # Only fingerprinted names may be immutable: the plain name changes content on deploy.
    response = collected.get("/static/css/site.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_no_inline_scripts_or_styles_on_public_pages(seeded, client):
    pages = public_urls(client)
    assert len(pages) >= 7, sorted(pages)
    problems = []
    for url, response in pages.items():
        parsed = parse(response.content.decode())
        problems += [f"{url}: inline <{tag}> {text!r}" for tag, text in parsed.inline]
        for block in parsed.data_blocks:
            try:
                json.loads(block)
            except ValueError:
                problems.append(f"{url}: an application/ld+json block that is not JSON")
        for tag, attrs in parsed.tags:
            if tag == "style":
                problems.append(f"{url}: <style> element")
            for name, value in attrs.items():
                if name == "style" or name.startswith("on"):
                    problems.append(f"{url}: <{tag} {name}=…>")
                if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                    problems.append(f"{url}: <{tag} {name}=javascript:…>")
    assert not problems, "\n".join(problems)


def test_image_block_renders_responsive_picture(site_pages, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    _, landing = site_pages
    image = wagtail_factories.ImageFactory(title="Leeds Town Hall", file__width=1600, file__height=900)
    body = [
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Leeds Town Hall at dusk", "decorative": False},
                "caption": "The town hall.",
            },
        }
    ]
    page = NetworkPageFactory(parent=landing, title="With image", slug="with-image", body=body)

    html = client.get(page.url).content.decode()
    tags = parse(html).tags
    names = [tag for tag, _ in tags]
    assert "picture" in names
    sources = [attrs for tag, attrs in tags if tag == "source"]
    assert [s.get("type") for s in sources] == ["image/avif", "image/webp"]
    img = next(attrs for tag, attrs in tags if tag == "img" and "Town Hall" in attrs.get("alt", ""))
    assert img["alt"] == "Leeds Town Hall at dusk"
    for element in [*sources, img]:
        assert element.get("sizes") == "(min-width: 50em) 46em, 100vw"
        assert [c.split()[-1] for c in element["srcset"].split(",")] == ["400w", "800w", "1200w"]
    assert img["src"].endswith(".jpg") and img["width"] == "400" and img["height"] == "225"
    assert img.get("loading") == "lazy"

    # Each source really is in its format (Pillow in this build can write AVIF).
    for source, expected in zip(sources, ["AVIF", "WEBP"], strict=True):
        first = source["srcset"].split(",")[0].split()[0]
        path = settings.MEDIA_ROOT / first.removeprefix(settings.MEDIA_URL)
        with PILImage.open(path) as rendered:
            assert rendered.format == expected
            assert rendered.size == (400, 225)
