"""Search engines and sharing: titles, descriptions, canonical links, Open Graph, JSON-LD, sitemap, robots.txt."""

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from wagtail.models import Page, PageViewRestriction

from networks.models import NetworkPage
from standardpages.models import InformationPage

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class HeadParser(HTMLParser):
    """The <title>, meta tags, canonical link, JSON-LD and breadcrumb trail of a page."""

    def __init__(self):
        super().__init__()
        self.title, self.meta, self.canonical, self.json_ld, self.crumbs = "", {}, None, [], []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and "content" in attrs:
            self.meta[attrs.get("name") or attrs.get("property")] = attrs["content"]
        elif tag == "link" and attrs.get("rel") == "canonical":
            self.canonical = attrs["href"]
        elif tag == "script" and attrs.get("type") == "application/ld+json":
            self._in = "json"
        elif tag == "nav" and attrs.get("aria-label") == "Breadcrumb":
            self._in = "crumbs"
        elif tag == "li" and self._in == "crumbs":  # a link, or the current page as text
            self.crumbs.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script", "nav"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "json":
            self.json_ld.append(json.loads(data))
        elif self._in == "crumbs" and self.crumbs:
            self.crumbs[-1] += data.strip()


def head(client, path):
    response = client.get(path)
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def graph_node(parsed, type_):
    [data] = parsed.json_ld
    assert data["@context"] == "https://schema.org"
    return next(node for node in data["@graph"] if node["@type"] == type_)


def all_public_paths():
    pages = [p.url for p in Page.objects.live().public().filter(depth__gt=1).specific()]
    return pages + ["/international/?theme=climate", "/search/", "/search/?q=leeds", "/no-such-page/"]


def test_every_page_has_a_unique_title_and_description(seeded, client):
    titles, descriptions = {}, {}
    for path in all_public_paths():
        parsed = head(client, path)
        assert parsed.title.strip(), path
        assert parsed.meta.get("description"), path
        titles.setdefault(parsed.title, []).append(path)
        descriptions.setdefault(parsed.meta["description"], []).append(path)
    assert not {t: p for t, p in titles.items() if len(p) > 1}, "titles used more than once"
    assert not {d: p for d, p in descriptions.items() if len(p) > 1}, "descriptions used more than once"
    assert head(client, "/").title == "Leeds international networks"
    assert head(client, "/international/eurocities/").title == "Eurocities | Leeds international networks"


def test_description_is_the_summary_unless_editors_write_one(seeded, client):
    cookies = InformationPage.objects.get(slug="cookies")
    assert head(client, cookies.url).meta["description"] == cookies.introduction
    cookies.search_description = "No cookies, no tracking."
    cookies.save_revision().publish()
    parsed = head(client, cookies.url)
    assert parsed.meta["description"] == "No cookies, no tracking."
    assert parsed.meta["og:description"] == "No cookies, no tracking."
    assert graph_node(parsed, "WebPage")["description"] == "No cookies, no tracking."


def test_canonical_open_graph_and_twitter_tags(seeded, client):
    page = NetworkPage.objects.get(slug="eurocities")
    parsed = head(client, page.url)
    assert parsed.canonical == page.full_url
    assert parsed.meta["og:url"] == page.full_url
    assert parsed.meta["og:title"] == "Eurocities"
    assert parsed.meta["og:type"] == "website"
    assert parsed.meta["og:site_name"] == "Leeds international networks"
    assert parsed.meta["og:locale"] == "en_GB"
    assert parsed.meta["og:description"] == page.get_meta_description()
    assert parsed.meta["twitter:card"] == "summary"
    assert parsed.meta["twitter:title"] == "Eurocities"
    assert parsed.meta["twitter:description"] == page.get_meta_description()


def test_canonical_follows_a_new_slug_and_a_new_site_address(seeded, client, settings):
    # The canonical address is kept per cache generation (core/pagetree.page_full_url):
    # a published slug change or a site's new hostname must show on the next render.
    settings.PAGECACHE_ENABLED = False
    page = NetworkPage.objects.get(slug="eurocities")
    assert head(client, page.url).canonical == page.full_url
    page.slug = "eurocities-network"
    page.save_revision().publish()
    page.refresh_from_db()
    assert head(client, page.url).canonical == page.full_url
    assert page.full_url.endswith("/international/eurocities-network/")
    site = page.get_site()
    site.hostname, site.port = "international.example.org", 443
    site.save()
    assert head(client, page.url).canonical == "https://international.example.org/international/eurocities-network/"


def test_filtered_landing_page_is_its_own_view(seeded, client):
    plain = head(client, "/international/")
    climate = head(client, "/international/?theme=climate")
    assert climate.title.startswith("Networks working on climate: ")
    assert climate.canonical == plain.canonical + "?theme=climate"
    # An unknown theme shows everything, so it is the plain page.
    assert head(client, "/international/?theme=nope").canonical == plain.canonical


def test_json_ld_describes_the_council_the_page_and_its_breadcrumbs(seeded, client):
    page = NetworkPage.objects.get(slug="eurocities")
    parsed = head(client, page.url)
    council = graph_node(parsed, "GovernmentOrganization")
    assert council["name"] == "Leeds City Council"
    website = graph_node(parsed, "WebSite")
    assert website["publisher"] == {"@id": council["@id"]}
    webpage = graph_node(parsed, "WebPage")
    assert webpage["url"] == page.full_url
    assert webpage["name"] == "Eurocities"
    assert webpage["isPartOf"] == {"@id": website["@id"]}
    assert webpage["dateModified"] == page.last_published_at.isoformat()
    crumbs = webpage["breadcrumb"]["itemListElement"]
    assert [c["position"] for c in crumbs] == [1, 2, 3]
    assert [c["name"] for c in crumbs] == ["Home", "International strategy", "Eurocities"]
    assert crumbs[-1]["item"] == page.full_url
    # The same trail the visitor sees.
    assert parsed.crumbs == ["Home", "International strategy", "Eurocities"]


def test_breadcrumbs_below_the_home_page_only(seeded, client):
    assert head(client, "/").crumbs == []
    assert head(client, "/cookies/").crumbs == ["Home", "Cookies"]
    assert head(client, "/search/?q=x").crumbs == ["Home", "Search"]
    assert graph_node(head(client, "/search/"), "WebPage")["breadcrumb"]["itemListElement"][-1]["name"] == "Search"


def test_json_ld_cannot_be_broken_out_of(seeded, client):
    page = InformationPage.objects.get(slug="cookies")
    page.title = "Cookies </script><script>alert(1)</script>"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    data_block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data_block
    assert graph_node(head(client, page.url), "WebPage")["name"] == page.title


@pytest.mark.parametrize("path", ["/no-such-page/", "/search/?q=leeds"])
def test_error_and_search_pages_are_not_indexed(seeded, client, path):
    assert head(client, path).meta.get("robots") == "noindex"


def test_sitemap_lists_every_live_public_page_with_its_last_change(seeded, client):
    draft = InformationPage(title="Draft", slug="draft", introduction="Not yet.", live=False)
    seeded_home = Page.objects.get(depth=2)
    seeded_home.add_child(instance=draft)
    private = InformationPage.objects.get(slug="privacy")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    entries = {
        u.find("s:loc", SITEMAP_NS).text: u.find("s:lastmod", SITEMAP_NS) for u in root.findall("s:url", SITEMAP_NS)
    }
    expected = Page.objects.live().public().filter(depth__gt=1).exclude(pk=private.pk)
    assert set(entries) == {p.full_url for p in expected}
    for page in expected:
        assert entries[page.full_url].text == page.last_published_at.date().isoformat()
    assert "http://localhost/draft/" not in entries and private.full_url not in entries


def test_robots_txt_points_to_the_sitemap(seeded, client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
    assert client.get("/sitemap.xml").status_code == 200
