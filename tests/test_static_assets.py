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
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import wagtail_factories
from django.core.management import call_command
from django.test import Client, override_settings
from PIL import Image as PILImage

from tests.factories import NetworkPageFactory

BUDGET_BYTES = 30 * 1024
NOT_PUBLIC = ("/admin/", "/documents/", "/static/", "/media/", "/health/")


class Elements(HTMLParser):
    """Every start tag as (tag, attributes); the text inside <script> and <style>.

    JSON-LD (<script type="application/ld+json">) is data a browser never
    runs, so the Content Security Policy does not apply to it; it is kept
    apart in ``data_blocks`` and must parse as JSON.
    """

    def __init__(self):
        super().__init__()
        self.tags = []
        self.inline = []
        self.data_blocks = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "script" and (attrs.get("type") or "").lower() == "application/ld+json":
            self._open = "data"
        elif tag in ("script", "style"):
            self._open = tag

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._open = None

    def handle_data(self, data):
        if self._open == "data":
            self.data_blocks.append(data)
        elif self._open and data.strip():
            self.inline.append((self._open, data.strip()[:80]))


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


def public_urls(client, start="/", limit=200):
    """Crawl the site as a visitor: every internal link from the home page on, with query strings.

    Returns {url: response} for each page answered with HTML.
    """
    seen, queue, pages = set(), [start, "/search/?q=leeds"], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        pages[url] = response
        for tag, attrs in parse(response.content.decode()).tags:
            href = attrs.get("href") if tag == "a" else None
            if not href or href.startswith(("#", "mailto:", "tel:")):
                continue
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "testserver", "localhost") or parts.path.startswith(NOT_PUBLIC):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


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
