"""Review dates: set on publishing, listed on the dashboard and by a command when due."""

import datetime
import importlib
import io
from unittest import mock

from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils import WagtailTestUtils

from editorial.review import next_review_after_publish, pages_due_for_review, years_after
from networks.models import InternationalStrategyPage, NetworkPage
from tests.editorial import (
    EditorialTestCase,
    edit_url,
    log_in,
    make_approver,
    make_editor,
    network_form,
    published_network,
    workflow_action_url,
)
from tests.factories import build_site, seed_site

TODAY = datetime.date(2027, 3, 10)


def test_review_date_rules():
    later = datetime.date(2027, 9, 1)
    assert next_review_after_publish(picked=None, previous=None, today=TODAY) == datetime.date(2028, 3, 10)
    # A future date the editor chose in this edit is kept, on a first publish too.
    assert next_review_after_publish(picked=later, previous=None, today=TODAY) == later
    assert next_review_after_publish(picked=later, previous=datetime.date(2027, 12, 1), today=TODAY) == later
    # Left as it was: a year from this publish.
    assert next_review_after_publish(picked=later, previous=later, today=TODAY) == datetime.date(2028, 3, 10)
    # A date that is not in the future is no review date at all.
    assert next_review_after_publish(picked=TODAY, previous=None, today=TODAY) == datetime.date(2028, 3, 10)
    assert next_review_after_publish(picked=datetime.date(2026, 1, 1), previous=None, today=TODAY) == datetime.date(
        2028, 3, 10
    )
    assert years_after(datetime.date(2028, 2, 29)) == datetime.date(2029, 2, 28)


class ReviewDateOnPublishTests(EditorialTestCase):
    def publish_as_approver(self, **overrides):
        log_in(self.client, self.approver)
        page = NetworkPage.objects.get(pk=self.network.pk)
        data = network_form(page, next_review_date=page.next_review_date.isoformat(), **overrides)
        data["action-publish"] = "1"
        self.assertEqual(self.client.post(edit_url(page), data).status_code, 302)
        return NetworkPage.objects.get(pk=page.pk)

    def test_every_publish_moves_the_date_a_year_ahead_and_the_editor_sees_it(self):
        today = timezone.localdate()
        self.assertEqual(self.network.next_review_date, years_after(today))

        later_day = today + datetime.timedelta(days=40)
        with mock.patch("editorial.review.timezone.localdate", return_value=later_day):
            page = self.publish_as_approver(summary="Checked and still true.")
        self.assertEqual(page.next_review_date, years_after(later_day))
        # The edit form shows the date now in force, not the one it was published with.
        log_in(self.client, self.editor)
        self.assertContains(self.client.get(edit_url(page)), f'value="{years_after(later_day).isoformat()}"')

    def test_a_date_the_editor_picks_survives_approval(self):
        picked = timezone.localdate() + datetime.timedelta(days=90)
        log_in(self.client, self.editor)
        data = network_form(self.network, next_review_date=picked.isoformat(), summary="Reviewed sooner.")
        data["action-submit"] = "1"
        self.client.post(edit_url(self.network), data)
        log_in(self.client, self.approver)
        self.client.post(workflow_action_url(NetworkPage.objects.get(pk=self.network.pk), "approve"), {"comment": ""})
        page = NetworkPage.objects.get(pk=self.network.pk)
        self.assertTrue(page.live)
        self.assertEqual(page.summary, "Reviewed sooner.")
        self.assertEqual(page.next_review_date, picked)

    def test_republishing_after_unpublishing_compares_with_the_last_published_date(self):
        in_force = self.network.next_review_date
        self.network.unpublish()
        later_day = timezone.localdate() + datetime.timedelta(days=10)
        with mock.patch("editorial.review.timezone.localdate", return_value=later_day):
            self.network.save_revision().publish()
        # Unchanged since the last publish, so moved on rather than kept.
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).next_review_date, years_after(later_day))
        self.assertNotEqual(in_force, years_after(later_day))

    def test_a_draft_does_not_move_the_date(self):
        in_force = self.network.next_review_date
        log_in(self.client, self.editor)
        self.client.post(edit_url(self.network), network_form(self.network, summary="Just a draft."))
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).next_review_date, in_force)

    def test_seeded_pages_get_a_review_date(self):
        seed_site("--reset")
        expected = years_after(timezone.localdate())
        self.assertEqual(set(NetworkPage.objects.values_list("next_review_date", flat=True)), {expected})
        self.assertEqual(InternationalStrategyPage.objects.get().next_review_date, expected)

    def test_migration_gives_pages_published_before_review_dates_a_date_a_year_after_last_publish(self):
        NetworkPage.objects.filter(pk=self.network.pk).update(
            next_review_date=None, last_published_at=timezone.now() - datetime.timedelta(days=800)
        )
        migration = importlib.import_module("networks.migrations.0003_communications_roles_and_workflow")
        migration.forwards(django_apps, None)
        page = NetworkPage.objects.get(pk=self.network.pk)
        self.assertLess(page.next_review_date, timezone.localdate())
        self.assertIn(page, [item.page for item in pages_due_for_review()])


class DueForReviewTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        today = timezone.localdate()
        cls.overdue = published_network(cls.landing, title="Culture Next", slug="culture-next")
        cls.soon = published_network(cls.landing, title="Eurocities", slug="eurocities")
        cls.current = published_network(cls.landing, title="Intercultural Cities", slug="intercultural-cities")
        cls.draft_only = published_network(cls.landing, title="Draft network", slug="draft-network")
        NetworkPage.objects.filter(pk=cls.overdue.pk).update(next_review_date=today - datetime.timedelta(days=3))
        NetworkPage.objects.filter(pk=cls.soon.pk).update(next_review_date=today + datetime.timedelta(days=10))
        NetworkPage.objects.filter(pk=cls.current.pk).update(next_review_date=today + datetime.timedelta(days=200))
        NetworkPage.objects.filter(pk=cls.draft_only.pk).update(
            next_review_date=today - datetime.timedelta(days=3), live=False
        )
        InternationalStrategyPage.objects.update(next_review_date=today + datetime.timedelta(days=300))
        cls.editor = make_editor()
        cls.approver = make_approver()

    def test_dashboard_panel_lists_overdue_and_soon_due_pages_with_edit_links(self):
        log_in(self.client, self.editor)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Pages due for review")
        html = response.content.decode()
        panel = html[html.index('id="pages-due-for-review') :]
        self.assertIn(f'href="{edit_url(self.overdue)}"', panel)
        self.assertIn("Overdue by 3 days", panel)
        self.assertIn(f'href="{edit_url(self.soon)}"', panel)
        self.assertIn("Due in 10 days", panel)
        self.assertNotIn("Intercultural Cities", panel)
        self.assertNotIn("Draft network", panel)
        # Most overdue first.
        self.assertLess(panel.index("Culture Next"), panel.index("Eurocities"))

    def test_panel_is_absent_when_nothing_is_due(self):
        NetworkPage.objects.filter(pk__in=[self.overdue.pk, self.soon.pk]).update(
            next_review_date=timezone.localdate() + datetime.timedelta(days=300)
        )
        log_in(self.client, self.editor)
        self.assertNotContains(self.client.get(reverse("wagtailadmin_home")), "Pages due for review")

    def test_panel_lists_only_pages_the_user_may_edit(self):
        outsider = make_editor("outsider")
        outsider.groups.clear()
        self.assertEqual(pages_due_for_review(user=outsider), [])
        self.assertEqual(len(pages_due_for_review(user=self.editor)), 2)

    def test_command_lists_due_pages_for_a_scheduled_email(self):
        out = io.StringIO()
        call_command("pages_due_for_review", stdout=out)
        text = out.getvalue()
        self.assertIn("2 page(s) due for review (1 overdue", text)
        self.assertIn("Culture Next: overdue by 3 days", text)
        self.assertIn(f"http://testserver{edit_url(self.overdue)}", text)
        self.assertIn("Eurocities: due in 10 days", text)
        self.assertNotIn("Intercultural Cities", text)

    def test_command_is_silent_when_nothing_is_due_so_cron_sends_nothing(self):
        NetworkPage.objects.filter(pk__in=[self.overdue.pk, self.soon.pk]).update(
            next_review_date=timezone.localdate() + datetime.timedelta(days=300)
        )
        out = io.StringIO()
        call_command("pages_due_for_review", "--email", stdout=out)
        self.assertEqual(out.getvalue(), "")
        self.assertEqual(mail.outbox, [])

    def test_command_emails_the_approvers(self):
        call_command("pages_due_for_review", "--email", stdout=io.StringIO())
        [message] = mail.outbox
        self.assertEqual(message.to, [self.approver.email])
        self.assertIn("2 page(s) due for review", message.subject)
        self.assertIn("Culture Next: overdue by 3 days", message.body)
