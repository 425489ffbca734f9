"""The public site as a visitor's browser reads it: every start tag of a page, and every page reached by links."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

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


def card_titles(page):
    """The network cards' titles on a landing page (a response, or its body), in the order visitors see them."""
    html = getattr(page, "content", page)
    html = html.decode() if isinstance(html, bytes) else html
    return [line.split(">", 2)[2].split("<")[0] for line in html.splitlines() if 'class="card__title"' in line]
