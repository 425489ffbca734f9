"""Only image renditions are ever served from /media/, however the path is spelled.

Originals (original_images/) and documents (documents/, which may be in a
login-restricted collection) live under the same MEDIA_ROOT. With
SERVE_MEDIA=true Django serves /media/ itself, so every spelling that a path
normaliser (Django's static view, a proxy, the file system) could turn into one
of those folders must answer 404. Each spelling is sent verbatim: through the
Django test client, and through gunicorn with production settings over a raw
socket (http.client sends the path exactly as written, as `curl --path-as-is`).
"""

import http.client
import importlib
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import clear_url_caches
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from tests.ops_support import Gunicorn, manage
from tests.upload_files import png

SECRET = b"%PDF-1.4 board paper: not for the public"

# {folder}/{name} stand for the private file's folder and name under MEDIA_ROOT.
SPELLINGS = [
    "/media/{folder}/{name}",
    "/media//{folder}/{name}",
    "/media///{folder}/{name}",
    "/media/./{folder}/{name}",
    "/media/././{folder}/{name}",
    "/media/images/../{folder}/{name}",
    "/media/images/./../{folder}/{name}",
    "/media/images/%2e%2e/{folder}/{name}",
    "/media/images/%2E%2E/{folder}/{name}",
    "/media/images/..%2f{folder}/{name}",
    "/media/images%2f..%2f{folder}%2f{name}",
    "/media/%2e/{folder}/{name}",
    "/media/{folder}%2f{name}",
    "/media/{folder}//{name}",
    "/media/{folder}/./{name}",
    "/media\\{folder}\\{name}",
    "/media/\\{folder}/{name}",
    "/media/images\\..\\{folder}\\{name}",
    "/media/images/..\\{folder}/{name}",
    "/media/%5c{folder}%5c{name}",
    "/media/{folder}./{name}",
    "/media/{folder}../{name}",
    "/media/{folder}/{name}.",
    "/media/{folder}/{name}%20",
    "/media/images/x/../../{folder}/{name}",
    "/media/images/../images/../{folder}/{name}",
    "/media/%2e%2e/media/{folder}/{name}",
    "/media/./images/../{folder}/{name}",
]


def spellings(path):
    folder, name = path.split("/", 1)
    return [spelling.format(folder=folder, name=name) for spelling in SPELLINGS]


@pytest.fixture
def serve_media_urls(settings, media_root):
    """The URLs as production has them with SERVE_MEDIA=true (DEBUG off)."""
    import leedsnetworks.urls

    settings.DEBUG = False
    settings.SERVE_MEDIA = True
    importlib.reload(leedsnetworks.urls)
    clear_url_caches()
    yield
    settings.SERVE_MEDIA = False
    importlib.reload(leedsnetworks.urls)
    clear_url_caches()


@pytest.fixture
def private_files(db, media_root):
    """A document in a login-restricted collection, an original image and one of its renditions, on disk."""
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = Document.objects.create(
        title="Board paper", file=ContentFile(SECRET, name="board.pdf"), collection=collection
    )
    image = Image.objects.create(title="Logo", file=ContentFile(png(600, 300), name="logo.png"))
    image.get_file_hash()
    rendition = image.get_rendition("max-240x120")
    for stored in (document.file, image.file, rendition.file):
        assert (Path(media_root) / stored.name).is_file()
    yield document, image, rendition
    Image.get_rendition_model().objects.filter(image=image).delete()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_renditions_are_served(private_files, serve_media_urls):
    document, image, rendition = private_files
    client = Client()
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert body(response) == Path(rendition.file.path).read_bytes()
    # An odd but harmless spelling of a rendition still reaches only images/.
    assert client.get(rendition.url.replace("/media/images/", "/media/./images/")).status_code == 200


@pytest.mark.parametrize("spelling", range(len(SPELLINGS)))
def test_no_spelling_reaches_a_private_document(private_files, serve_media_urls, spelling):
    document, image, rendition = private_files
    path = spellings(document.file.name)[spelling]
    response = Client().get(path)
    assert response.status_code == 404, path
    assert SECRET not in body(response)


@pytest.mark.parametrize("spelling", range(len(SPELLINGS)))
def test_no_spelling_reaches_an_original_image(private_files, serve_media_urls, spelling):
    document, image, rendition = private_files
    path = spellings(image.file.name)[spelling]
    response = Client().get(path)
    assert response.status_code == 404, path
    assert body(response) != Path(image.file.path).read_bytes()


def test_nothing_outside_images_is_served_even_a_file_that_exists(db, serve_media_urls, media_root):
    (Path(media_root) / "notes.txt").write_bytes(b"stray file")
    (Path(media_root) / "images").mkdir(exist_ok=True)
    client = Client()
    for path in ("/media/notes.txt", "/media/images/../notes.txt", "/media/", "/media/images/", "/media/images"):
        assert client.get(path).status_code == 404, path


# --- Through gunicorn, with production settings ---------------------------------------------------

ADD_PRIVATE_DOCUMENT = """
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction
collection = Collection.get_first_root_node().add_child(name="Media privacy test")
CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
document = Document.objects.create(
    title="Media privacy test", file=ContentFile(b"SECRET", name="media-privacy.pdf"), collection=collection
)
from wagtail.images.models import Image
rendition = Image.objects.get(title="Eurocities logo").get_rendition("max-240x120")
print(document.file.name, rendition.file.name)
"""


def raw_get(port, path):
    """GET `path` exactly as written: http.client neither normalises nor re-encodes it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        # As the TLS-terminating proxy says (production redirects plain HTTP).
        connection.putheader("X-Forwarded-Proto", "https")
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def served_site(production_site):
    code = ADD_PRIVATE_DOCUMENT.replace("SECRET", SECRET.decode())
    output = manage(production_site.env, "shell", "-c", code).stdout.strip().splitlines()[-1]
    document_name, rendition_name = output.split()
    originals = sorted((production_site.media_root / "original_images").iterdir())
    assert originals, "the seeded site has an uploaded logo"
    with Gunicorn(production_site.env) as server:
        yield (
            server,
            production_site.media_root,
            document_name,
            originals[0],
            production_site.media_root / rendition_name,
        )


def test_gunicorn_serves_renditions_and_nothing_else(served_site):
    server, media_root, document_name, original, rendition = served_site
    status, content = raw_get(server.port, f"/media/images/{rendition.name}")
    assert (status, content) == (200, rendition.read_bytes())
    assert (media_root / document_name).read_bytes() == SECRET

    failures = []
    for relative, secret in ((document_name, SECRET), (f"original_images/{original.name}", original.read_bytes())):
        for path in spellings(relative):
            status, content = raw_get(server.port, path)
            if status != 404 or secret in content:
                failures.append((path, status))
    assert not failures, failures
