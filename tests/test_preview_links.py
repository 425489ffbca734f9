"""Preview links: an editor shares a page's draft with someone who has no account."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone
from wagtail.models import PageLogEntry

from previews.models import PreviewLink, hash_token
from tests.editorial import make_user, signed_in_client
from tests.factories import NetworkPageFactory, translate

LINK = re.compile(r'value="(http://testserver/preview/[^"/]+/)"')


@pytest.fixture
def network(site_pages):
    _, landing = site_pages
    page = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities", summary="Published summary.")
    page.summary = "Draft summary for the secretariat."
    page.save_revision()
    return page


def create_link(editor_client, page, days=7):
    response = editor_client.post(f"/admin/pages/{page.id}/preview-links/", {"days": days})
    assert response.status_code == 200
    [url] = LINK.findall(response.content.decode())
    return url.removeprefix("http://testserver")


def test_a_visitor_with_the_link_sees_the_draft_with_a_banner(editor_client, network):
    url = create_link(editor_client, network)
    response = Client().get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Draft summary for the secretariat." in html
    assert "Draft preview, not published" in html
    assert '<meta name="robots" content="noindex">' in html
    assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))
    assert "noindex" in response["X-Robots-Tag"]
    assert response["Referrer-Policy"] == "no-referrer"
    # The live page is unchanged.
    assert "Published summary." in Client().get(network.url).content.decode()


def test_the_link_shows_the_latest_draft_of_that_page_only(editor_client, network, site_pages):
    _, landing = site_pages
    url = create_link(editor_client, network)
    network.summary = "A later draft."
    network.save_revision()
    other_draft = NetworkPageFactory(parent=landing, title="Unannounced network", slug="unannounced", live=False)
    html = Client().get(url).content.decode()
    assert "A later draft." in html
    assert "Unannounced network" not in html
    # The secret opens one page: nothing below it, no other page's draft.
    assert Client().get(url + "unannounced/").status_code == 404
    assert Client().get(f"/preview/{other_draft.id}/").status_code == 404


def test_only_a_hash_of_the_secret_is_stored(editor_client, network):
    url = create_link(editor_client, network)
    token = url.split("/")[2]
    assert len(token) >= 40
    link = PreviewLink.objects.get()
    assert link.token_hash == hash_token(token) != token
    assert token not in str(PreviewLink.objects.values().get())


def test_unknown_revoked_and_expired_links(editor_client, network):
    assert Client().get("/preview/not-a-real-token/").status_code == 404
    assert Client().get("/preview/" + "x" * 500 + "/").status_code == 404
    url = create_link(editor_client, network)
    link = PreviewLink.objects.get()
    link.expires_at = timezone.now() - timedelta(seconds=1)
    link.save()
    expired = Client().get(url)
    assert expired.status_code == 410
    assert "Draft summary" not in expired.content.decode()
    assert {"private", "no-store"} <= set(expired["Cache-Control"].replace(" ", "").split(","))


def test_revoking_is_listed_and_logged(editor_client, network):
    url = create_link(editor_client, network, days=3)
    link = PreviewLink.objects.get()
    assert (link.expires_at - timezone.now()).days == 2  # just under three days from now
    listing = editor_client.get(f"/admin/pages/{network.id}/preview-links/").content.decode()
    assert "webeditor" in listing and "Active" in listing
    response = editor_client.post(f"/admin/pages/{network.id}/preview-links/{link.id}/revoke/")
    assert response.status_code == 302
    assert Client().get(url).status_code == 410
    listing = editor_client.get(f"/admin/pages/{network.id}/preview-links/").content.decode()
    assert "Revoked by webeditor" in listing
    actions = list(PageLogEntry.objects.filter(page=network).values_list("action", flat=True))
    assert "previews.create_link" in actions and "previews.revoke_link" in actions
    history = editor_client.get(f"/admin/pages/{network.id}/history/").content.decode()
    assert "Preview link created" in history and "Preview link withdrawn" in history


@pytest.mark.parametrize("days", [0, 31, -1, "abc"])
def test_the_expiry_must_be_1_to_30_days(editor_client, network, days):
    response = editor_client.post(f"/admin/pages/{network.id}/preview-links/", {"days": days})
    assert response.status_code == 200
    assert not PreviewLink.objects.exists()
    assert "error" in response.content.decode().lower()


def test_the_edit_view_offers_preview_links(editor_client, network):
    html = editor_client.get(f"/admin/pages/{network.id}/edit/").content.decode()
    assert f"/admin/pages/{network.id}/preview-links/" in html


def test_someone_who_cannot_edit_the_page_cannot_make_or_revoke_links(editor_client, network):
    create_link(editor_client, network)
    link = PreviewLink.objects.get()
    reader = make_user("reader")  # may use the admin, may not edit the page
    reader.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client = signed_in_client(reader)
    assert client.post(f"/admin/pages/{network.id}/preview-links/", {"days": 7}).status_code in (302, 403)
    assert client.post(f"/admin/pages/{network.id}/preview-links/{link.id}/revoke/").status_code in (302, 403)
    assert PreviewLink.objects.count() == 1
    assert PreviewLink.objects.get().revoked_at is None
    assert Client().post(f"/admin/pages/{network.id}/preview-links/", {"days": 7}).status_code == 302


def test_previews_are_never_page_cached(editor_client, network, settings):
    assert settings.PAGECACHE_ENABLED
    url = create_link(editor_client, network)
    assert "Draft summary" in Client().get(url).content.decode()
    PreviewLink.objects.update(revoked_at=timezone.now())
    assert Client().get(url).status_code == 410


def test_a_deleted_page_takes_its_links_with_it(editor_client, network):
    url = create_link(editor_client, network)
    network.delete()
    assert Client().get(url).status_code == 404
    assert not PreviewLink.objects.exists()


def test_a_translated_draft_is_shown_in_its_own_language(editor_client, network):
    # The link's address has no /fr/ prefix; the page, its interface text and
    # its <html lang> are still French (WCAG 3.1.1), as at /fr/… once published.
    french = translate(network, "fr", summary="Résumé publié.")
    french.summary = "Résumé en brouillon pour le secrétariat."
    french.save_revision()
    html = Client().get(create_link(editor_client, french)).content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Résumé en brouillon pour le secrétariat." in html
    assert "Aperçu d’un brouillon, non publié." in html
    assert '<nav class="breadcrumbs" aria-label="Fil d’Ariane">' in html
    # The English page's link is still English.
    html = Client().get(create_link(editor_client, network)).content.decode()
    assert '<html lang="en-GB" dir="ltr">' in html
    assert "Draft preview, not published." in html


def test_a_withdrawn_links_message_is_in_the_pages_language(editor_client, network):
    french = translate(network, "fr", summary="Résumé publié.")
    urls = {page: create_link(editor_client, page) for page in (french, network)}
    PreviewLink.objects.update(revoked_at=timezone.now())
    gone = Client().get(urls[french])
    assert gone.status_code == 410
    assert gone["Content-Language"] == "fr"
    assert gone.content.decode().startswith("Ce lien d’aperçu a expiré ou a été retiré.")
    gone = Client().get(urls[network])
    assert gone["Content-Language"] == "en-gb"
    assert gone.content.decode().startswith("This preview link has expired or been withdrawn.")
