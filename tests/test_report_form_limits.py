"""The report form under attack: floods, races, a dead cache, huge posts and forged email lines.

Also its finish: post, then redirect to a "sent" page (reloading it sends
nothing), and GOV.UK-style error messages.
"""

import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client, override_settings
from wagtail.contrib.forms.models import FormSubmission

from leedsnetworks.settings.base import redis_cache
from reports.models import ReportFormField, ReportProblemPage
from reports.protection import RecentReport
from tests.factories import build_site
from tests.ops_support import closed_port

PROBLEM = "what_is_the_problem"
EMAIL = "your_email_address"
LIMIT = (5, 3600)


def make_report_form():
    home, _ = build_site()
    page = home.add_child(
        instance=ReportProblemPage(
            title="Report a problem",
            slug="report-a-problem",
            introduction="Tell us.",
            thank_you_text="Thanks.",
            to_address="team@example.org",
            subject="Problem reported",
            form_fields=[
                ReportFormField(
                    label="What is the problem?",
                    field_type="multiline",
                    required=True,
                    required_message="Enter what the problem is",
                ),
                ReportFormField(label="Your email address", field_type="email", required=False),
            ],
        )
    )
    page.save_revision().publish()
    return page


@pytest.fixture
def report_form(db):
    return make_report_form()


def send_url(page):
    return f"/send-report/{page.pk}/"


dead_cache = override_settings(CACHES={"default": redis_cache(f"redis://127.0.0.1:{closed_port()}/0")})


# --- The rate limit ----------------------------------------------------------------------------


@override_settings(REPORT_PROBLEM_RATE_LIMIT=LIMIT)
def test_the_limit_holds_when_the_cache_is_down(report_form):
    client = Client()
    with dead_cache:
        statuses = [client.post(send_url(report_form), {PROBLEM: f"Report {n}"}).status_code for n in range(8)]
    assert statuses == [303] * 5 + [429] * 3
    assert FormSubmission.objects.count() == 5
    assert len(mail.outbox) == 5


@override_settings(REPORT_PROBLEM_RATE_LIMIT=(2, 3600))
def test_the_count_forgets_reports_older_than_the_window_and_never_holds_the_address(report_form):
    client = Client()
    for n in range(2):
        assert client.post(send_url(report_form), {PROBLEM: f"Report {n}"}).status_code == 303
    assert client.post(send_url(report_form), {PROBLEM: "Held back"}).status_code == 429
    assert RecentReport.objects.count() == 2  # the refused one is rolled back
    assert not RecentReport.objects.filter(sender__contains="127.0.0.1").exists()
    RecentReport.objects.update(sent_at=RecentReport.objects.first().sent_at.replace(year=2020))
    assert client.post(send_url(report_form), {PROBLEM: "An hour later"}).status_code == 303
    assert RecentReport.objects.count() == 1  # the old rows are gone


def post_in_parallel(page, count, address):
    barrier = threading.Barrier(count)
    statuses = []
    lock = threading.Lock()

    def post(n):
        try:
            barrier.wait(timeout=30)
            status = Client().post(send_url(page), {PROBLEM: f"Report {n}"}, REMOTE_ADDR=address).status_code
            with lock:
                statuses.append(status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_parallel_posts_cannot_race_past_the_limit_with_the_cache_up_or_down():
    """24 posts at once from one sender, against a limit of 5: 5 sent, 19 refused (two senders, two runs)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite's in-memory test database has one connection")
    page = make_report_form()
    with override_settings(REPORT_PROBLEM_RATE_LIMIT=LIMIT):
        assert post_in_parallel(page, 24, "192.0.2.1") == [303] * 5 + [429] * 19
        with dead_cache:
            assert post_in_parallel(page, 24, "192.0.2.2") == [303] * 5 + [429] * 19
    assert FormSubmission.objects.filter(page=page).count() == 10


# --- What a report may hold ---------------------------------------------------------------------


def test_a_message_over_5000_characters_is_refused_with_a_clear_message_and_kept(report_form, client):
    text = "x" * 5001
    response = client.post(send_url(report_form), {PROBLEM: text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "must be 5,000 characters or fewer. It has 5001 characters" in html
    assert text in html  # nothing typed is lost
    assert 'maxlength="5000"' not in html  # the browser must not cut a pasted report short
    assert not FormSubmission.objects.exists() and not mail.outbox

    response = client.post(send_url(report_form), {PROBLEM: "y" * 5000})
    assert response.status_code == 303


def test_a_two_million_character_message_is_neither_stored_nor_emailed(report_form, client):
    response = client.post(send_url(report_form), {PROBLEM: "z" * 2_000_000})
    assert response.status_code == 200
    assert not FormSubmission.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    "address",
    [
        "https://evil.example/international/",
        "//evil.example/international/",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
        "international/",
        "/international/\r\nYour email address: attacker@evil.example",
        "/international/\nforged",
        "/international/\u2028forged",
        "/a\x00b",
        "/\\evil.example",
    ],
)
def test_a_page_address_not_on_this_site_is_refused_with_a_message(report_form, client, address):
    response = client.post(send_url(report_form), {"page_address": address, PROBLEM: "A problem"})
    assert response.status_code == 200
    assert "Enter the address of a page on this website" in response.content.decode()
    assert not FormSubmission.objects.exists() and not mail.outbox


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("/international/", "/international/"),
        ("  /international/eurocities/  ", "/international/eurocities/"),
        ("http://testserver/international/?theme=climate", "/international/?theme=climate"),
        ("https://testserver", "/"),
    ],
)
def test_a_path_or_full_address_of_this_site_is_accepted(report_form, client, address, stored):
    response = client.post(send_url(report_form), {"page_address": address, PROBLEM: "A problem"})
    assert response.status_code == 303
    assert FormSubmission.objects.get().get_data()["page_address"] == stored


def test_nothing_typed_can_forge_a_line_or_header_in_the_email(report_form, client):
    field = report_form.form_fields.get(label="What is the problem?")
    field.label = "What is\nthe problem?"
    field.save()
    ReportProblemPage.objects.filter(pk=report_form.pk).update(subject="Problem\r\nBcc: everyone@example.org")
    text = "Broken link.\r\nYour email address: attacker@evil.example\nPage with the problem: /x\u2028\x0bmore"
    response = client.post(
        send_url(report_form), {"page_address": "/international/", "what_is_the_problem": text, EMAIL: "a@example.org"}
    )
    assert response.status_code == 303
    [message] = mail.outbox
    assert message.subject == "Problem Bcc: everyone@example.org"
    assert message.reply_to == ["a@example.org"]
    lines = message.body.splitlines()
    assert len(lines) == 3, lines
    assert lines[0] == "Which page has the problem?: /international/"
    assert lines[1].startswith("What is the problem?: Broken link. Your email address: attacker@evil.example")
    assert lines[2] == "Your email address: a@example.org"
    assert not any(ord(c) < 32 or c in "\u2028\u2029\x85" for c in message.body.replace("\n", ""))
    # The report is stored as typed: the team reads it in the admin.
    assert FormSubmission.objects.get().get_data()["what_is_the_problem"] == text


# --- Post, redirect, "sent" -------------------------------------------------------------------


def test_after_sending_the_sent_page_can_be_reloaded_without_sending_again(report_form):
    client = Client()
    response = client.post(send_url(report_form), {"page_address": "/international/", PROBLEM: "Private words"})
    assert response.status_code == 303
    sent_url = response["Location"]
    assert sent_url == f"/send-report/{report_form.pk}/sent/?page=%2Finternational%2F"
    assert "Private" not in sent_url
    for _ in range(3):  # reloading
        page = client.get(sent_url)
        assert page.status_code == 200
        assert "Report sent" in page.content.decode()
        assert "Private words" not in page.content.decode()
        assert not page.cookies
    assert FormSubmission.objects.count() == 1
    assert len(mail.outbox) == 1
    assert not client.cookies
    # Anyone else opening the address sees only the thank-you text, nothing that was sent.
    other = Client().get(sent_url).content.decode()
    assert "Private words" not in other and "Thanks." in other


def test_the_sent_page_links_back_only_to_this_site(report_form, client):
    html = client.get(f"/send-report/{report_form.pk}/sent/?page=https://evil.example/").content.decode()
    assert "evil.example" not in html
    assert "Go back to the page you reported" not in html
    assert client.post(f"/send-report/{report_form.pk}/sent/").status_code == 405
    report_form.unpublish()
    assert client.get(f"/send-report/{report_form.pk}/sent/").status_code == 404


def test_errors_read_as_govuk_messages(report_form, client):
    response = client.post(send_url(report_form), {EMAIL: "not-an-email"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_{PROBLEM}">Enter what the problem is</a>' in html
    assert f'<a href="#id_{EMAIL}">Enter an email address in the correct format, like name@example.com</a>' in html
    assert "This field is required" not in html and "Enter a valid email address" not in html
    assert 'value="not-an-email"' in html


def test_a_question_without_its_own_message_gets_one_that_says_what_to_do(report_form, client):
    ReportFormField.objects.filter(page=report_form, label="What is the problem?").update(required_message="")
    html = client.post(send_url(report_form), {}).content.decode()
    assert "Enter your answer to “What is the problem?”" in html
