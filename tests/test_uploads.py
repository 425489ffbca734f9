"""Upload rules and private content: what the admin accepts, and how files reach visitors.

- documents: an extension allow-list and a size limit, served only through
  Wagtail's view, always as a download (attachment), never as a web page;
- images: visitors only ever get resized renditions, never the original upload;
- privacy: pages and document collections can be limited to signed-in users or
  groups, but not hidden behind a shared password.
"""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import clear_url_caches, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from tests.factories import NetworkPageFactory
from tests.upload_files import pdf, png

Document = get_document_model()
Image = get_image_model()


def upload_document(client, name, content, title="Annual report"):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


# --- Documents ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["report.pdf", "members.csv", "minutes.docx", "notes.odt", "slides.pptx", "letter.rtf", "readme.txt", "data.xlsx"],
)
def test_allowed_document_types_upload(editor_client, name):
    response = upload_document(editor_client, name, b"%PDF-1.4 minimal" if name.endswith("pdf") else b"content")
    assert response.status_code == 302
    assert Document.objects.get().filename == name


@pytest.mark.parametrize(
    "name", ["page.html", "page.htm", "drawing.svg", "script.js", "setup.exe", "macro.docm", "archive.zip", "noext"]
)
def test_other_document_types_are_refused_with_the_list_of_allowed_ones(editor_client, name):
    response = upload_document(editor_client, name, b"<script>alert(1)</script>", title="Kept title")
    assert response.status_code == 200
    html = response.content.decode()
    assert "is not allowed. Allowed extensions are: csv, docx, odt, pdf, pptx, rtf, txt, xlsx." in html
    assert "Kept title" in html
    assert not Document.objects.exists()


def test_oversized_document_is_refused(editor_client):
    response = upload_document(editor_client, "huge.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024 + 1))
    assert response.status_code == 200
    assert "This file is too big" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [("report.pdf", pdf(), "application/pdf"), ("notes.txt", b"<script>alert(1)</script>", "text/plain")],
)
def test_documents_are_served_by_wagtail_as_attachments(db, media_root, name, content, content_type):
    document = Document.objects.create(title="Report", file=ContentFile(content, name=name))
    assert document.url == reverse("wagtaildocs_serve", args=(document.pk, document.filename))

    response = Client().get(document.url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    # PDFs too: Wagtail would otherwise show them inline.
    assert response["Content-Disposition"].startswith("attachment;")
    assert name in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'"
    assert b"".join(response.streaming_content) == content


def test_document_file_is_never_served_from_its_storage_path(db, media_root):
    document = Document.objects.create(title="Report", file=ContentFile(pdf(), name="report.pdf"))
    assert Client().get(f"/media/{document.file.name}").status_code == 404


# --- Images -------------------------------------------------------------------------------------


def make_image(title, content, name):
    image = Image.objects.create(title=title, file=ContentFile(content, name=name))
    # Wagtail caches renditions by image id and file hash: with the hash set, a
    # rendition cached by another test for a reused id is never mistaken for ours.
    image.get_file_hash()
    return image


@pytest.fixture
def page_with_images(site_pages, media_root):
    home, landing = site_pages
    logo = make_image("Logo", png(600, 300), "logo.png")
    photo = make_image("Photo", png(1600, 900, "navy"), "photo.png")
    yield (
        NetworkPageFactory(
            parent=landing,
            title="Eurocities",
            slug="eurocities",
            logo=logo,
            body=[
                {"type": "image", "value": {"image": {"image": photo.pk, "alt_text": "A meeting", "decorative": False}}}
            ],
        ),
        logo,
        photo,
    )
    # Deleting them also takes them out of the shared cache, for the tests that follow.
    Image.get_rendition_model().objects.filter(image__in=[logo, photo]).delete()


def test_public_pages_show_renditions_never_original_images(page_with_images):
    network, logo, photo = page_with_images
    html = Client().get(network.url).content.decode()
    assert "/media/images/" in html
    assert "original_images" not in html
    assert logo.file.name not in html and photo.file.name not in html
    # Renditions are resized copies, not the upload itself.
    assert logo.renditions.exists() and photo.renditions.exists()


@pytest.fixture
def dev_urls(settings, media_root):
    """The URLs as `make run` has them (DEBUG serves /media/ from disk)."""
    import leedsnetworks.urls

    settings.DEBUG = True
    importlib.reload(leedsnetworks.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(leedsnetworks.urls)
    clear_url_caches()


def test_even_local_development_serves_renditions_but_not_originals_or_documents(page_with_images, dev_urls):
    network, logo, photo = page_with_images
    rendition = logo.get_rendition("max-240x120")
    client = Client()
    assert client.get(rendition.url).status_code == 200
    assert client.get(f"/media/{logo.file.name}").status_code == 404
    document = Document.objects.create(title="Report", file=ContentFile(pdf(), name="report.pdf"))
    assert client.get(f"/media/{document.file.name}").status_code == 404


# --- Private content ----------------------------------------------------------------------------


def test_page_privacy_offers_no_shared_password(editor_client, site_pages):
    home, landing = site_pages
    url = reverse("wagtailadmin_pages:set_privacy", args=(landing.pk,))
    form_html = editor_client.get(url).json()["html"]
    assert 'value="login"' in form_html and 'value="groups"' in form_html
    assert 'value="password"' not in form_html

    response = editor_client.post(url, {"restriction_type": "password", "password": "shared-secret"})
    assert response.status_code == 200
    assert "Select a valid choice. password is not one of the available choices." in response.json()["html"]
    assert not PageViewRestriction.objects.exists()

    response = editor_client.post(url, {"restriction_type": "login"})
    assert PageViewRestriction.objects.get(page=landing).restriction_type == "login"


def test_document_collection_privacy_offers_no_shared_password(editor_client):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    url = reverse("wagtailadmin_collections:set_privacy", args=(collection.pk,))
    assert 'value="password"' not in editor_client.get(url).json()["html"]
    response = editor_client.post(url, {"restriction_type": "password", "password": "shared-secret"})
    assert "Select a valid choice." in response.json()["html"]
    assert not CollectionViewRestriction.objects.exists()


def test_private_documents_need_a_sign_in(db, media_root):
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = Document.objects.create(
        title="Board paper", file=ContentFile(pdf(), name="board.pdf"), collection=collection
    )
    response = Client().get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]
