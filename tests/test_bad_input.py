"""Hostile and broken input gets a clear 4xx or validation message, never a 500, and loses nothing.

Uploads go through the real Wagtail admin views, page edits through the real
page edit form, and what visitors see is checked on the public page.
"""

import json
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Collection, Page
from wagtail.test.utils.form_data import streamfield

from networks.models import NetworkPage
from tests.editorial import network_form
from tests.factories import NetworkPageFactory, ThemeFactory
from tests.upload_files import blank_png, jpeg, png, svg_with_script

Image = get_image_model()


# --- Images through the admin's upload views ---------------------------------------------------

SINGLE_UPLOAD_CASES = [
    pytest.param(
        "oversized.png",
        png() + b"\0" * (10 * 1024 * 1024 + 1),
        "This file is too big",
        id="oversized",
    ),
    pytest.param("corrupt.png", b"\x89PNG\r\n\x1a\n" + b"\xde\xad\xbe\xef" * 64, "Upload a valid image", id="corrupt"),
    pytest.param("truncated.png", png(400, 300)[:80], "Upload a valid image", id="truncated-png"),
    pytest.param("truncated.jpg", jpeg(400, 300)[:300], "Upload a valid image", id="truncated-jpeg"),
    pytest.param("notes.jpg", b"Meeting notes, not a photograph.\n" * 20, "Upload a valid image", id="text-named-jpg"),
    pytest.param(
        "logo.jpg",
        png(),
        "Not a valid .jpeg image. The extension does not match the file format (png)",
        id="png-named-jpg",
    ),
    pytest.param("logo.svg", svg_with_script(), "Not a supported image format", id="svg-with-script"),
    pytest.param(
        "logo.png",
        svg_with_script(),
        "Not a valid .png image. The extension does not match the file format (svg)",
        id="svg-named-png",
    ),
    pytest.param(
        "wide.png",
        blank_png(8000, 6000),
        "This file has too many pixels (48000000). Maximum pixels 40000000",
        id="48mp",
    ),
    pytest.param(
        "bomb.png",
        blank_png(20_000, 10_000),
        "This file has too many pixels",
        id="decompression-bomb-200mp",
    ),
]


@pytest.mark.parametrize(("name", "content", "message"), SINGLE_UPLOAD_CASES)
def test_bad_image_is_refused_by_the_admin_add_form_and_title_kept(editor_client, name, content, message):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "Eurocities annual forum photo", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    # What the editor typed is still in the form, and nothing was saved.
    assert "Eurocities annual forum photo" in response.content.decode()
    assert not Image.objects.exists()


@pytest.mark.parametrize(("name", "content", "message"), SINGLE_UPLOAD_CASES)
def test_bad_image_is_refused_by_the_multiple_uploader(editor_client, name, content, message):
    # "Add an image" in the admin uses this view (one request per dropped file).
    response = editor_client.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": SimpleUploadedFile(name, content)},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["success"] is False
    assert message in data["error_message"]
    assert not Image.objects.exists()


def test_good_image_is_accepted(editor_client):
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Leeds town hall",
            "description": "Leeds Town Hall's clock tower against a blue sky",
            "file": SimpleUploadedFile("hall.png", png()),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.width, image.height) == (120, 80)


def test_upload_form_states_the_limits(editor_client):
    response = editor_client.get(reverse("wagtailimages:add"))
    assert (
        "Supported formats: AVIF, GIF, JPG, JPEG, PNG, WEBP. Maximum filesize: 10.0\xa0MB." in response.content.decode()
    )
    assert "SVG" not in response.context["form"].fields["file"].help_text


# --- Rich text and StreamField through the page edit form ----------------------------------------

HOSTILE_CONTENTSTATE = json.dumps(
    {
        "blocks": [
            {
                "key": "aaaaa",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert('text')</script> Read the report here and there.",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 47, "length": 4, "key": 0}, {"offset": 56, "length": 5, "key": 1}],
                "data": {"onclick": "alert('data')"},
            },
            {
                "key": "bbbbb",
                "type": "atomic",
                "depth": 0,
                "text": " ",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 1, "key": 2}],
                "data": {},
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(document.cookie)"}},
            "1": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": 'https://example.com/" onmouseover="alert(1)'},
            },
            "2": {
                "type": "IMAGE",
                "mutability": "IMMUTABLE",
                "data": {"src": "x", "alt": "x", "onerror": "alert('img')"},
            },
        },
    }
)


@pytest.fixture
def live_network(site_pages, editor_client):
    home, landing = site_pages
    theme = ThemeFactory(name="Culture", slug="culture")
    network = NetworkPageFactory(
        parent=landing, title="Eurocities", slug="eurocities", summary="The network of major European cities."
    )
    return landing, theme, network


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class ActiveContentFinder(HTMLParser):
    """Lists everything in a page that could run script: on* attributes, javascript: URLs,
    script elements other than JSON-LD data and files from /static/, frames and plug-ins."""

    def __init__(self):
        super().__init__()
        self.problems = []
        self.json_ld = []
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            url = (value or "").strip().lower().replace("\t", "")
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            if attributes.get("type") == "application/ld+json":
                self._in_json_ld = True
                self.json_ld.append("")
            elif not (attributes.get("src") or "").startswith("/static/"):
                self.problems.append(f"<script {attributes}>")
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data


def assert_no_active_content(html):
    finder = ActiveContentFinder()
    finder.feed(html)
    assert finder.problems == []
    for data in finder.json_ld:
        json.loads(data)  # structured data stays data: it parses, nothing broke out of it


def publish(client, page, data):
    data["action-publish"] = "1"
    return client.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)


def test_script_and_javascript_links_never_reach_the_public_page(editor_client, live_network):
    landing, theme, network = live_network
    data = network_form(
        network,
        [theme],
        title="Eurocities <script>alert('title')</script>",
        summary='Cities "together" <img src=x onerror=alert(1)>',
        body=streamfield(
            [
                ("paragraph", HOSTILE_CONTENTSTATE),
                (
                    "quote",
                    {"text": "<script>alert('quote')</script>", "attribution": "<b onmouseover=alert(2)>Mayor</b>"},
                ),
            ]
        ),
    )
    response = publish(editor_client, network, data)
    assert response.status_code == 302, response.content[:3000]

    public = Client().get(NetworkPage.objects.get(pk=network.pk).url)
    assert public.status_code == 200
    html = public.content.decode()
    assert_no_active_content(html)
    assert "javascript:" not in html
    # The words survive as text: the editor loses nothing, the visitor runs nothing.
    assert "&lt;script&gt;alert('text')&lt;/script&gt; Read the report <a>here</a> and" in html
    assert "&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;" in html
    assert "Eurocities &lt;script&gt;" in html


def test_javascript_call_to_action_is_refused_and_the_live_page_is_unchanged(editor_client, live_network):
    landing, theme, network = live_network
    data = network_form(
        network,
        [theme],
        summary="A new summary the editor typed.",
        body=streamfield([("call_to_action", {"text": "Read more", "page": "", "url": "javascript:alert(1)"})]),
    )
    response = publish(editor_client, network, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The page could not be saved due to validation errors" in html
    assert "Enter a valid URL." in html
    assert "A new summary the editor typed." in html
    network.refresh_from_db()
    assert network.summary == "The network of major European cities."
    assert Client().get(network.url).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "E" * 256}, "Ensure this value has at most 255 characters (it has 256)."),
        ({"slug": "e" * 256}, "Ensure this value has at most 255 characters (it has 256)."),
        (
            {"slug": "../../etc/passwd"},
            "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.",
        ),
        ({"summary": "s" * 251}, "Ensure this value has at most 250 characters (it has 251)."),
        ({"website": "http://eurocities.eu"}, "Enter a full web address starting with https://"),
        ({"website": "javascript:alert(1)"}, "Enter a full web address starting with https://"),
        ({"year_joined": "99999999999999999999"}, "Ensure this value is less than or equal to 2100."),
    ],
    ids=[
        "long-title",
        "long-slug",
        "traversal-slug",
        "long-summary",
        "http-website",
        "javascript-website",
        "huge-year",
    ],
)
def test_invalid_fields_are_refused_with_a_message_and_nothing_lost(editor_client, live_network, overrides, message):
    landing, theme, network = live_network
    data = network_form(network, [theme], organisation="Typed by the editor", **overrides)
    response = publish(editor_client, network, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[:2000]
    assert "Typed by the editor" in html
    network.refresh_from_db()
    assert (network.title, network.slug, network.organisation) == ("Eurocities", "eurocities", "")


def test_non_latin_slug_is_accepted_and_served(editor_client, live_network):
    # Page.slug allows Unicode whatever WAGTAIL_ALLOW_UNICODE_SLUGS says (that setting only steers the
    # admin's slug widget), so a posted Cyrillic slug is saved; it must still route, percent-encoded.
    landing, theme, network = live_network
    response = publish(editor_client, network, network_form(network, [theme], slug="київ"))
    assert response.status_code == 302
    page = NetworkPage.objects.get(pk=network.pk)
    assert page.url == "/international/%D0%BA%D0%B8%D1%97%D0%B2/"
    assert Client().get(page.url).status_code == 200


def test_non_latin_title_is_published_and_shown(editor_client, live_network):
    landing, theme, network = live_network
    title = "Київ · 東京 · Łódź · مدينة"
    response = publish(editor_client, network, network_form(network, [theme], title=title, slug="eurocities"))
    assert response.status_code == 302
    public = Client().get(NetworkPage.objects.get(pk=network.pk).url)
    assert title in public.content.decode()


# --- Hostile requests ------------------------------------------------------------------------------

HOSTILE_VALUES = [
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "%00",
    "\x00",
    "../../etc/passwd",
    "a" * 5000,
    "Київ 東京 🏳️‍🌈",
    '"><svg onload=alert(1)>',
    "{{ settings.SECRET_KEY }}",
    "\u202e\u200b\ufeff",
    '"unbalanced quote',
    "NEAR(a b) OR * AND ^",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_theme_filter_survives_hostile_values(site_pages, client, value):
    home, landing = site_pages
    response = client.get(landing.url, {"theme": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<svg onload=alert(1)>" not in html


def test_theme_filter_survives_repeated_and_raw_parameters(site_pages, client):
    home, landing = site_pages
    for query in RAW_QUERIES:
        response = client.get(landing.url, QUERY_STRING=query)
        assert response.status_code == 200, query


RAW_QUERIES = [
    "theme=a&theme=b",
    "theme=%ZZ%",
    "theme[]=x",
    "theme=%C0%AF",
    "theme=%ED%A0%80",  # an encoded lone surrogate: invalid UTF-8
    "%00=%00",
    "theme=" + "%" * 100,
    "&&&=&=",
]


def search_url():
    from django.urls import NoReverseMatch

    try:
        return reverse("search")
    except NoReverseMatch:
        return "/search/"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_search_survives_hostile_queries(seeded, client, value):
    response = client.get(search_url(), {"q": value, "page": value})
    assert response.status_code == 200, response.status_code
    assert_no_active_content(response.content.decode())


def test_search_survives_raw_query_strings(seeded, client):
    for query in [q.replace("theme", "q") for q in RAW_QUERIES] + ["q=%22&page=-1", "q=a&page=99999999999999999999"]:
        response = client.get(search_url(), QUERY_STRING=query)
        assert response.status_code == 200, (query, response.status_code)


@pytest.mark.parametrize(
    "path",
    [
        "/documents/1/../../../etc/passwd",
        "/documents/1/..%2f..%2f..%2fetc%2fpasswd",
        "/media/../leedsnetworks/settings/base.py",
        "/media/%2e%2e/%2e%2e/etc/passwd",
        "/static/../manage.py",
        "/static/..%2f..%2fmanage.py",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/international/..%2f..%2f..%2fetc%2fpasswd",
        "/international/%00/",
        "/" + "a/" * 300,
    ],
)
def test_path_traversal_gets_a_4xx_and_no_file(seeded, client, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500, (path, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    assert b"root:" not in body
    assert b"SECRET_KEY" not in body
    assert b"import" not in body


def test_dot_segments_into_the_admin_only_reach_the_sign_in_page(seeded, client):
    response = client.get("/admin/../../etc/passwd", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("wagtailadmin_login"))
    assert response.status_code == 200
    assert b"root:" not in response.content


@pytest.mark.parametrize("host", ["evil.example.com", "exa mple.com", "[::1", "localhost@evil.example.com"])
def test_wrong_host_header_is_refused(seeded, client, host):
    response = client.get("/", headers={"host": host})
    assert response.status_code == 400


def test_unknown_page_is_a_404(seeded, client):
    assert client.get("/no-such-page/").status_code == 404
    assert Page.objects.filter(slug="no-such-page").count() == 0
