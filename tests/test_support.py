"""The legal pages and the report-a-problem form: editors' pages, the form's rules, no cookies."""

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from home.models import HomePage
from reports.models import ReportFormField, ReportProblemPage
from standardpages.models import InformationPage
from tests.editorial import log_in, make_superuser, page_form
from tests.factories import NetworkPageFactory, build_site, seed_site

PROBLEM = "what_is_the_problem"
EMAIL = "your_email_address"
HONEYPOT_FIELD = "homepage"  # the hidden field only spam robots fill in


@pytest.fixture
def report_form(seeded):
    return ReportProblemPage.objects.get()


def send_url(form_page):
    return f"/send-report/{form_page.pk}/"


def public_paths():
    paths = ["/", "/international/", "/international/eurocities/", "/international/?theme=climate"]
    paths += [p.url for p in InformationPage.objects.live()]
    paths += ["/report-a-problem/", "/report-a-problem/?page=/international/", "/search/", "/search/?q=leeds"]
    return paths + ["/no-such-page/", "/sitemap.xml", "/robots.txt"]


# Seeded content ---------------------------------------------------------------


def test_seed_creates_the_legal_pages_and_the_form(seeded):
    home = HomePage.objects.get()
    info = {p.slug: p for p in InformationPage.objects.child_of(home).live()}
    assert set(info) == {"accessibility-statement", "privacy", "cookies"}
    statement = info["accessibility-statement"]
    text = "".join(block.value.source for block in statement.body)
    # The GDS sample statement's sections.
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this statement",
    ):
        assert heading in text, heading
    form_page = ReportProblemPage.objects.child_of(home).live().get()
    assert [f.label for f in form_page.form_fields.all()] == ["What is the problem?", "Your email address"]
    assert form_page.to_address
    # Links between the pages are page links, which follow a page when it moves.
    assert f'linktype="page" id="{form_page.pk}"' in text
    assert 'href="page:' not in "".join(block.value.source for block in info["privacy"].body)


def test_seed_keeps_an_edited_legal_page_and_recreates_a_deleted_one(seeded):
    cookies = InformationPage.objects.get(slug="cookies")
    cookies.introduction = "Edited by the team."
    cookies.save_revision().publish()
    InformationPage.objects.get(slug="privacy").delete()
    ReportProblemPage.objects.get().delete()
    seed_site()
    assert InformationPage.objects.get(slug="cookies").introduction == "Edited by the team."
    assert InformationPage.objects.filter(slug="privacy", live=True).exists()
    assert ReportProblemPage.objects.filter(live=True).count() == 1


def test_every_page_links_to_the_legal_pages_and_the_report_form(seeded, client):
    for path in ["/", "/international/", "/international/eurocities/", "/search/?q=leeds", "/no-such-page/"]:
        html = client.get(path).content.decode()
        for page in InformationPage.objects.live():
            assert f'href="{page.url}"' in html, (path, page.title)
        here = "/search/" if path.startswith("/search/") else path
        assert f'href="/report-a-problem/?page={here}">Report a problem with this page</a>' in html, path


def test_footer_drops_an_unpublished_legal_page(seeded, client):
    InformationPage.objects.get(slug="cookies").unpublish()
    html = client.get("/").content.decode()
    assert 'href="/cookies/"' not in html
    assert 'href="/privacy/"' in html


# No cookies ---------------------------------------------------------------------


def test_no_public_response_sets_a_cookie(seeded, client):
    for path in public_paths():
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert not response.cookies, f"{path} set {list(response.cookies)}"
        assert "Set-Cookie" not in response.headers, path


def test_sending_a_report_sets_no_cookie(report_form, client):
    response = client.post(send_url(report_form), {PROBLEM: "Broken link."}, follow=True)
    assert [status for _, status in response.redirect_chain] == [303]
    assert response.status_code == 200
    assert not response.cookies
    assert not client.cookies


# The form -------------------------------------------------------------------------


def test_form_prefills_the_page_address_and_has_no_csrf_token(report_form, client):
    html = client.get("/report-a-problem/", {"page": "/international/eurocities/"}).content.decode()
    assert 'value="/international/eurocities/"' in html
    assert f'action="{send_url(report_form)}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert 'autocomplete="email"' in html  # WCAG 1.3.5, identify input purpose
    # Another site's address is never filled in.
    html = client.get("/report-a-problem/", {"page": "https://evil.example/"}).content.decode()
    assert "evil.example" not in html


def test_valid_report_is_stored_and_emailed(report_form, client):
    response = client.post(
        send_url(report_form),
        {"page_address": "/international/", PROBLEM: "The list is out of date.", EMAIL: "visitor@example.org"},
    )
    assert response.status_code == 303
    assert response["Location"] == f"/send-report/{report_form.pk}/sent/?page=%2Finternational%2F"
    sent = client.get(response["Location"]).content.decode()
    assert "Report sent" in sent
    assert 'href="/international/">Go back to the page you reported' in sent
    submission = FormSubmission.objects.get(page=report_form)
    data = submission.get_data()
    assert data["page_address"] == "/international/"
    assert data[PROBLEM] == "The list is out of date."
    assert data[EMAIL] == "visitor@example.org"
    assert HONEYPOT_FIELD not in submission.form_data
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [report_form.to_address]
    assert message.reply_to == ["visitor@example.org"]
    assert "The list is out of date." in message.body
    assert "/international/" in message.body


def test_missing_answer_shows_errors_and_keeps_what_was_typed(report_form, client):
    response = client.post(send_url(report_form), {"page_address": "/international/", EMAIL: "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert f'href="#id_{PROBLEM}"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="/international/"' in html and 'value="not-an-email"' in html
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_honeypot_rejects_spam_with_a_clear_message(report_form, client):
    response = client.post(send_url(report_form), {PROBLEM: "Cheap pills", HONEYPOT_FIELD: "https://spam.example"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your report was not sent because the field “Leave this field empty” was filled in" in html
    assert "Cheap pills" in html  # nothing typed is lost
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


@override_settings(REPORT_PROBLEM_RATE_LIMIT=(2, 3600))
def test_rate_limit_per_sender_with_a_clear_message(report_form, client):
    for n in range(2):
        assert client.post(send_url(report_form), {PROBLEM: f"Report {n}"}).status_code == 303
    response = client.post(send_url(report_form), {PROBLEM: "One too many"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "several reports have come from your internet connection" in html
    assert "One too many" in html
    assert FormSubmission.objects.count() == 2
    # Another sender is not held up.
    response = client.post(send_url(report_form), {PROBLEM: "From elsewhere"}, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 303
    assert FormSubmission.objects.count() == 3


@override_settings(REPORT_PROBLEM_RATE_LIMIT=(1, 3600), TRUSTED_PROXY_COUNT=1)
def test_rate_limit_counts_visitors_behind_the_proxy_separately(report_form, client):
    def post(text, forwarded_for):
        return client.post(send_url(report_form), {PROBLEM: text}, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert post("First visitor", "198.51.100.1").status_code == 303
    assert post("First visitor again", "198.51.100.1").status_code == 429
    # Same proxy address (REMOTE_ADDR), another visitor: not held up.
    assert post("Second visitor", "198.51.100.2").status_code == 303


def test_post_from_another_site_is_refused(report_form, client):
    response = client.post(send_url(report_form), {PROBLEM: "Forged"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert "came from a form on another website" in response.content.decode()
    response = client.post(send_url(report_form), {PROBLEM: "Forged"}, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert not FormSubmission.objects.exists()
    # The site's own form, as a browser sends it.
    response = client.post(
        send_url(report_form),
        {PROBLEM: "Genuine"},
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    )
    assert response.status_code == 303
    assert FormSubmission.objects.count() == 1


def test_mail_failure_still_stores_the_report(report_form, client, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("reports.models.send_mail", broken)
    response = client.post(send_url(report_form), {PROBLEM: "Still here"})
    assert response.status_code == 303
    assert FormSubmission.objects.get().get_data()[PROBLEM] == "Still here"


def test_send_address_only_serves_live_report_forms(report_form, client):
    assert client.get(send_url(report_form)).status_code == 405
    assert client.post(f"/send-report/{HomePage.objects.get().pk}/", {PROBLEM: "x"}).status_code == 404
    report_form.unpublish()
    assert client.post(send_url(report_form), {PROBLEM: "x"}).status_code == 404


def test_editors_cannot_reuse_the_forms_own_field_names(report_form):
    from django.core.exceptions import ValidationError

    field = ReportFormField(page=report_form, label="Homepage", field_type="singleline")
    with pytest.raises(ValidationError):
        field.full_clean(exclude=["page", "sort_order"])


def test_submissions_listing_shows_the_page_address(report_form):
    assert ("page_address", "Page with the problem") in report_form.get_data_fields()


# Editors ---------------------------------------------------------------------------


def paragraph(text):
    return [("paragraph", rich_text(f"<p>{text}</p>"))]


def information_form(**fields):
    """What the information page's edit form posts."""
    defaults = {"title": "Terms", "slug": "terms", "introduction": "How you may use this website."}
    return page_form(**{**defaults, **fields})


class SupportPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        cls.info = cls.home.add_child(
            instance=InformationPage(title="Cookies", slug="cookies", introduction="No cookies here.")
        )
        cls.info.save_revision().publish()
        cls.form_page = cls.home.add_child(
            instance=ReportProblemPage(
                title="Report a problem",
                slug="report-a-problem",
                introduction="Tell us.",
                thank_you_text="Thanks.",
                form_fields=[ReportFormField(label="What is the problem?", field_type="multiline")],
            )
        )
        cls.form_page.save_revision().publish()
        NetworkPageFactory(parent=cls.landing, title="Eurocities", slug="eurocities")

    def test_page_tree_rules(self):
        self.assertCanCreateAt(HomePage, InformationPage)
        self.assertCanCreateAt(HomePage, ReportProblemPage)
        self.assertCanNotCreateAt(Page, InformationPage)
        self.assertAllowedSubpageTypes(InformationPage, {})
        self.assertAllowedSubpageTypes(ReportProblemPage, {})

    def test_routable_and_renderable(self):
        for page in (self.info, self.form_page):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)

    def assert_previewable(self, page, data, mode=""):
        # Wagtail's assertPageIsPreviewable signs in without the second factor this
        # site's admin asks of superusers, so the preview is driven here directly.
        preview = f"/admin/pages/{page.pk}/edit/preview/"
        response = self.client.post(f"{preview}?mode={mode}", data)
        self.assertJSONEqual(response.content.decode(), {"is_valid": True, "is_available": True})
        return self.client.get(preview, {"mode": mode})

    def test_previewable(self):
        log_in(self.client, make_superuser("previewer"))
        response = self.assert_previewable(
            self.info, information_form(title="Cookies", slug="cookies", body=paragraph("Preview text."))
        )
        self.assertContains(response, "Preview text.")
        form_data = {
            "title": "Report a problem",
            "slug": "report-a-problem",
            "introduction": "Tell us.",
            "thank_you_text": "Thanks for telling us.",
            "to_address": "",
            "from_address": "",
            "subject": "",
            "seo_title": "",
            "search_description": "",
            "form_fields": inline_formset(
                [{"label": "What went wrong?", "field_type": "multiline", "required": "on", "help_text": ""}]
            ),
        }
        form_data = nested_form_data(form_data)
        self.assertContains(self.assert_previewable(self.form_page, form_data, "form"), "What went wrong?")
        self.assertContains(self.assert_previewable(self.form_page, form_data, "landing"), "Thanks for telling us.")
        self.assertFalse(FormSubmission.objects.exists())

    def test_preview_of_a_new_information_page(self):
        log_in(self.client, make_superuser("creator"))
        preview = reverse("wagtailadmin_pages:preview_on_add", args=("standardpages", "informationpage", self.home.pk))
        response = self.client.post(preview, information_form(body=paragraph("New page preview.")))
        self.assertJSONEqual(response.content.decode(), {"is_valid": True, "is_available": True})
        response = self.client.get(preview)
        self.assertContains(response, "New page preview.")
        self.assertContains(response, '<li aria-current="page">Terms</li>', html=True)

    def test_editor_adds_an_information_page_and_visitors_see_it_in_the_footer(self):
        log_in(self.client, make_superuser("editor"))
        response = self.client.post(
            f"/admin/pages/add/standardpages/informationpage/{self.home.pk}/",
            information_form(title="Terms of use", body=paragraph("Use it freely."), **{"action-publish": "publish"}),
        )
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        self.client.logout()
        response = self.client.get("/international/eurocities/")
        self.assertContains(response, '<a href="/terms/">Terms of use</a>', html=True)
        self.assertContains(self.client.get("/terms/"), "Use it freely.")
