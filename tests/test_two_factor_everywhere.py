"""Two-factor sign-in guards everything a staff session can reach, not only /admin/.

Until an approver or administrator (or anyone with an authenticator app) has
entered their code, their session is an anonymous visitor on the public site:
login- and group-restricted pages and private documents answer with Wagtail's
login redirect, page previews hold them at the code page. Their first
authenticator app needs a one-time enrolment code as well as the password.
"""

import io
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from adminsecurity.enrolment import hash_code, issue_code
from adminsecurity.models import EnrolmentCode
from tests.editorial import APPROVERS, EDITORS, PASSWORD, make_superuser, make_user
from tests.factories import NetworkPageFactory
from tests.otp_helpers import verify_session
from tests.upload_files import pdf

SECRET_WORDS = "Only for signed-in staff"
# What a person reads when an enrolment code is refused, written out so a changed message fails a test.
WRONG = (
    "That enrolment code is not right. Type it as it was given to you, or ask a Wagtail administrator for a new one."
)
EXPIRED = "That enrolment code has expired. Ask a Wagtail administrator for a new one."
USED = "That enrolment code has already been used. Ask a Wagtail administrator for a new one."


@pytest.fixture
def people(db):
    superuser = make_superuser()
    return {
        "superuser": superuser,
        "approver": make_user("a.prover", APPROVERS),
        "editor": make_user("ed.itor", EDITORS),
    }


@pytest.fixture
def restricted(site_pages, media_root):
    """A login-restricted page, a group-restricted page, a private document and an unpublished draft."""
    home, landing = site_pages
    login_page = NetworkPageFactory(parent=landing, title="Members only", summary=SECRET_WORDS)
    PageViewRestriction.objects.create(page=login_page, restriction_type=PageViewRestriction.LOGIN)
    group_page = NetworkPageFactory(parent=landing, title="Staff only", summary=SECRET_WORDS)
    restriction = PageViewRestriction.objects.create(page=group_page, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set(Group.objects.filter(name__in=[APPROVERS, EDITORS]))
    collection = Collection.get_first_root_node().add_child(name="Board papers")
    CollectionViewRestriction.objects.create(collection=collection, restriction_type="login")
    document = get_document_model().objects.create(
        title="Board paper", file=ContentFile(pdf(), name="board.pdf"), collection=collection
    )
    draft_page = NetworkPageFactory(parent=landing, title="Published title")
    draft_page.title = "Unpublished draft title"
    draft_page.save_revision()
    return {
        "login-restricted page": login_page.url,
        "group-restricted page": group_page.url,
        "private document": document.url,
        "page preview": reverse("wagtailadmin_pages:view_draft", args=(draft_page.pk,)),
    }


def sign_in_with_password(username):
    client = Client()
    response = client.post(reverse("wagtailadmin_login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "password sign-in failed"
    return client


def is_login_redirect(response, path):
    """Wagtail's answer to an anonymous visitor: off to a sign-in page, coming back here afterwards."""
    location = urlsplit(response.get("Location", ""))
    return response.status_code == 302 and "login" in location.path and parse_qs(location.query)["next"] == [path]


def is_two_factor_redirect(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/two-factor/")


@pytest.mark.parametrize("who", ["superuser", "approver"])
def test_password_alone_is_anonymous_until_the_code_is_entered(people, restricted, who):
    user = people[who]
    client = sign_in_with_password(user.username)
    for what, path in restricted.items():
        response = client.get(path)
        if what == "page preview":
            assert is_two_factor_redirect(response), what
        else:
            assert is_login_redirect(response, path), (what, response.status_code, response.get("Location"))
        assert SECRET_WORDS not in response.content.decode()
    assert is_two_factor_redirect(client.get("/admin/"))
    background = client.get("/admin/pages/", headers={"x-requested-with": "XMLHttpRequest"})
    assert background.status_code == 403

    verify_session(client, user)
    for what, path in restricted.items():
        response = client.get(path)
        assert response.status_code == 200, what
    assert SECRET_WORDS in client.get(restricted["login-restricted page"]).content.decode()
    assert "Unpublished draft title" in client.get(restricted["page preview"]).content.decode()
    assert client.get("/admin/").status_code == 200


def test_someone_with_an_app_is_anonymous_until_they_use_it_whatever_their_role(people, restricted):
    editor = people["editor"]
    TOTPDevice.objects.create(user=editor, name="Chosen app", confirmed=True)
    client = sign_in_with_password("ed.itor")
    assert is_login_redirect(client.get(restricted["login-restricted page"]), restricted["login-restricted page"])


def test_an_editor_who_needs_no_second_factor_is_unaffected(people, restricted):
    client = sign_in_with_password("ed.itor")
    for what, path in restricted.items():
        assert client.get(path).status_code == 200, what
    assert client.get("/admin/").status_code == 200


def test_the_sign_in_page_sends_a_half_signed_in_session_to_the_code_page(people, restricted):
    """Wagtail's login redirect must not loop back to the page that sent them there."""
    client = sign_in_with_password("a.prover")
    path = restricted["login-restricted page"]
    login = client.get(path)["Location"]
    response = client.get(login)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/two-factor/")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [path]
    admin_login = client.get(f"/admin/login/?next={path}")
    assert admin_login["Location"].startswith("/admin/two-factor/")


def test_half_signed_in_sessions_are_never_cached(people, restricted, site_pages):
    home, landing = site_pages
    client = sign_in_with_password("a.prover")
    response = client.get(landing.url)
    # Neither a CDN nor Varnish may keep what a session gets (edgecache/).
    assert "public" not in response.get("Cache-Control", "")
    # A visitor with no cookie gets a fresh page, not anything the staff session produced.
    assert "a.prover" not in Client().get(landing.url).content.decode()
    assert "userbar" not in client.get(landing.url).content.decode()


def test_the_switch_for_local_development_still_lets_the_local_admin_in(people, restricted, settings):
    settings.ADMIN_TWO_FACTOR_REQUIRED = False
    client = sign_in_with_password("administrator")
    assert client.get("/admin/").status_code == 200
    assert client.get(restricted["login-restricted page"]).status_code == 200


# --- Enrolment codes -----------------------------------------------------------------------------


def test_first_enrolment_asks_for_the_code_before_any_qr_code_or_key(people):
    approver = people["approver"]
    client = sign_in_with_password("a.prover")
    response = client.get(reverse("adminsecurity:two_factor_setup"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0].startswith(reverse("adminsecurity:two_factor_enrol"))
    assert "Enter your enrolment code" in html
    assert "QR code to add this site" not in html and "totp-secret" not in html
    assert not TOTPDevice.objects.filter(user=approver).exists()  # no key exists to show
    # A POST to the set-up page does not get round it either.
    assert client.post(reverse("adminsecurity:two_factor_setup"), {"code": "123456"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=approver).exists()


def test_with_the_code_the_set_up_page_shows_a_fresh_key(people):
    approver = people["approver"]
    # A key created before the code was asked for (say, by whoever had the password) is thrown away.
    old = TOTPDevice.objects.create(user=approver, name="Authenticator app", confirmed=False)
    client = sign_in_with_password("a.prover")
    code = issue_code(approver)
    response = client.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": code.lower()}, follow=True)
    html = response.content.decode()
    assert "Set up two-factor sign-in" in html and 'data-testid="totp-secret"' in html
    device = TOTPDevice.objects.get(user=approver)
    assert device.pk != old.pk
    # Another session with the same password still needs a code of its own.
    other = sign_in_with_password("a.prover")
    assert "totp-secret" not in other.get(reverse("adminsecurity:two_factor_setup"), follow=True).content.decode()


@pytest.mark.parametrize("case", ["wrong", "expired", "used", "replaced", "someone else's"])
def test_a_bad_enrolment_code_is_refused_with_a_clear_message(people, case):
    approver, superuser = people["approver"], people["superuser"]
    code = issue_code(approver)
    expected = WRONG
    if case == "wrong":
        code = "AAAAA-AAAAA-AAAAA-AAAAA"
    elif case == "expired":
        EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        expected = EXPIRED
    elif case == "used":
        first = sign_in_with_password("a.prover")
        assert first.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": code}).status_code == 302
        expected = USED
    elif case == "replaced":
        issue_code(approver)
        expected = EXPIRED
    else:
        code = issue_code(superuser)
    client = sign_in_with_password("a.prover")
    response = client.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert expected.replace("'", "&#x27;") in html
    assert 'aria-invalid="true"' in html or "error-message" in html
    assert "totp-secret" not in client.get(reverse("adminsecurity:two_factor_setup"), follow=True).content.decode()


def test_codes_are_stored_hashed_single_use_and_expire(people):
    approver = people["approver"]
    code = issue_code(approver)
    stored = EnrolmentCode.objects.get(user=approver)
    assert re.fullmatch(r"[A-Z2-9]{5}(-[A-Z2-9]{5}){3}", code)
    assert code.replace("-", "") not in stored.code_hash and stored.code_hash == hash_code(code)
    assert timedelta(hours=71) < stored.expires_at - timezone.now() <= timedelta(hours=72)
    assert not EnrolmentCode.objects.filter(code_hash__icontains=code.replace("-", "")).exists()


def test_manage_py_issues_a_code_shown_once(people):
    out = io.StringIO()
    call_command("issue_enrolment_code", "a.prover", stdout=out)
    code = re.search(r"Enrolment code for 'a.prover': ([A-Z2-9-]+)", out.getvalue()).group(1)
    assert EnrolmentCode.objects.get(user=people["approver"]).code_hash == hash_code(code)
    client = sign_in_with_password("a.prover")
    assert client.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": code}).status_code == 302


def test_a_superuser_issues_a_code_in_the_admin_and_sees_it_once(people):
    superuser, approver = people["superuser"], people["approver"]
    admin = sign_in_with_password("administrator")
    verify_session(admin, superuser)
    listing = admin.get(reverse("wagtailusers_users:index")).content.decode()
    url = reverse("adminsecurity:issue_enrolment_code", args=(approver.pk,))
    assert url in listing
    page = admin.get(url).content.decode()
    assert "Issue an enrolment code" in page and 'data-testid="enrolment-code"' not in page
    issued = admin.post(url).content.decode()
    code = re.search(r'data-testid="enrolment-code">([A-Z2-9-]+)<', issued).group(1)
    assert code not in admin.get(url).content.decode()
    client = sign_in_with_password("a.prover")
    assert client.post(reverse("adminsecurity:two_factor_enrol"), {"enrolment_code": code}).status_code == 302
    assert EnrolmentCode.objects.get(user=approver).issued_by == superuser


def test_only_superusers_may_issue_codes(people):
    editor = people["editor"]
    client = sign_in_with_password("ed.itor")
    url = reverse("adminsecurity:issue_enrolment_code", args=(people["approver"].pk,))
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.post(url).status_code in {302, 403}
    assert not EnrolmentCode.objects.exists()
    assert editor.pk


def test_an_anonymous_visitor_cannot_open_the_set_up_pages(db):
    for name in ["adminsecurity:two_factor_setup", "adminsecurity:two_factor_enrol"]:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
