"""The body blocks as an edit form posts them, and a page with one of every block (for the browser checks)."""

from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text

from tests.upload_files import pdf

VIDEO_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def list_block(values):
    """A ListBlock's form fields for ``values``."""
    data = {"count": len(values)}
    for index, value in enumerate(values):
        data[str(index)] = {"deleted": "", "order": index, "value": value, "id": ""}
    return data


def typed_table(caption, headings, rows, kinds=None):
    """A TypedTableBlock's form fields: ``headings`` per column, ``rows`` of cell values, ``kinds`` of column."""
    kinds = kinds or ["text"] * len(headings)
    data = {"caption": caption, "column-count": len(headings), "row-count": len(rows)}
    for index, (heading, kind) in enumerate(zip(headings, kinds, strict=True)):
        data[f"column-{index}"] = {"type": kind, "order": index, "deleted": "", "heading": heading}
    for row_index, row in enumerate(rows):
        data[f"row-{row_index}"] = {"order": row_index, "deleted": ""}
        for column, value in enumerate(row):
            data[f"cell-{row_index}-{column}"] = value
    return data


def table_block(caption="Leeds's networks by year joined", headings=("Network", "Year joined"), first_column=True):
    rows = [["Eurocities", "1986"], ["Intercultural Cities", "2018"]]
    table = typed_table(caption, list(headings), rows, kinds=["text", "number"])
    return ("table", {"table": table, "first_column_is_header": "on" if first_column else ""})


def accordion_block():
    sections = [
        {"heading": "Who can take part", "content": rich_text("<p>Any Leeds organisation.</p>")},
        {"heading": "How to apply", "content": rich_text("<p>Email the international team.</p>")},
    ]
    return ("accordion", {"sections": list_block(sections)})


def related_links_block(page):
    links = [
        {"text": "", "page": page.pk, "url": ""},
        {"text": "Eurocities' own website", "page": "", "url": "https://eurocities.eu/"},
    ]
    return ("related_links", {"heading": "Related links", "links": list_block(links)})


def video_block(url=VIDEO_URL, title="Leeds at the Eurocities forum"):
    return ("video", {"url": url, "title": title})


def document_links_block(document):
    return ("document_links", {"heading": "Reports", "documents": list_block([document.pk])})


def every_block_form(page, document, image):
    """The body of a page with one of every block, as the edit form posts it."""
    return [
        ("paragraph", rich_text("<h2>Every block</h2><p>One of each block editors can add.</p>")),
        ("quote", {"text": "Leeds is a city of many cultures.", "attribution": "Councillor Jane Smith"}),
        (
            "image",
            {"image": {"image": image.pk, "alt_text": "Leeds Town Hall at dusk", "decorative": ""}, "caption": ""},
        ),
        ("call_to_action", {"text": "Read about Eurocities", "page": page.pk, "url": ""}),
        table_block(),
        accordion_block(),
        ("inset_text", rich_text("<p>Leeds has been a member of Eurocities since 1986.</p>")),
        ("warning_text", "Applications close on 31 March."),
        document_links_block(document),
        related_links_block(page),
        video_block(),
    ]


def annual_report():
    document = Document(title="Annual report 2025")
    document.file.save("annual-report.pdf", ContentFile(pdf()), save=False)
    document.save()
    return document


def town_hall_image():
    return Image.objects.create(title="town-hall", file=get_test_image_file(filename="town-hall.png"))


def every_block_body(landing, document):
    """A stream with one of every block added in issue 13, as stored (for pages built without the admin)."""
    return [
        {"type": "paragraph", "value": "<h2>Every block</h2><p>One of each block editors can add.</p>"},
        {
            "type": "table",
            "value": {
                "table": {
                    "caption": "Leeds's networks by year joined",
                    "columns": [{"type": "text", "heading": "Network"}, {"type": "number", "heading": "Year joined"}],
                    "rows": [{"values": ["Eurocities", "1986"]}, {"values": ["Intercultural Cities", "2018"]}],
                },
                "first_column_is_header": True,
            },
        },
        {
            "type": "accordion",
            "value": {
                "sections": [
                    {"heading": "Who can take part", "content": "<p>Any Leeds organisation.</p>"},
                    {"heading": "How to apply", "content": "<p>Email the international team.</p>"},
                ]
            },
        },
        {"type": "inset_text", "value": "<p>Leeds has been a member of Eurocities since 1986.</p>"},
        {"type": "warning_text", "value": "Applications close on 31 March."},
        {"type": "document_links", "value": {"heading": "Reports", "documents": [document.pk]}},
        {
            "type": "related_links",
            "value": {
                "heading": "Related links",
                "links": [
                    {"text": "", "page": landing.pk, "url": ""},
                    {"text": "Eurocities' own website", "page": None, "url": "https://eurocities.eu/"},
                ],
            },
        },
        {"type": "video", "value": {"url": VIDEO_URL, "title": "Leeds at the Eurocities forum"}},
    ]


def publish_every_block_page():
    """An information page under the home page with every new block, published (uploads go to MEDIA_ROOT)."""
    from django.conf import settings

    from home.models import HomePage
    from networks.models import InternationalStrategyPage
    from standardpages.models import InformationPage

    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)  # the English one
    page = InformationPage(
        title="Every body block",
        slug="every-block",
        introduction="A page that shows every block editors can add to a page body.",
        body=every_block_body(home.get_children().type(InternationalStrategyPage).get().specific, annual_report()),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page
