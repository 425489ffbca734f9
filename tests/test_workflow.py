"""The "Communications approval" workflow: an editor submits, an approver approves or asks for changes."""

import datetime
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from networks.models import NetworkPage
from tests.editorial import (
    WORKFLOW_NAME,
    EditorialTestCase,
    edit_url,
    log_in,
    network_form,
    workflow_action_url,
)


class WorkflowTests(EditorialTestCase):
    def submit(self, summary="A summary awaiting approval."):
        log_in(self.client, self.editor)
        data = network_form(self.network, summary=summary)
        data["action-submit"] = "1"
        response = self.client.post(edit_url(self.network), data)
        self.assertEqual(response.status_code, 302)
        return NetworkPage.objects.get(pk=self.network.pk)

    def public_html(self):
        self.client.logout()
        return self.client.get(self.network.url).content.decode()

    def test_network_pages_use_the_communications_workflow(self):
        self.assertEqual(self.network.get_workflow().name, WORKFLOW_NAME)

    def test_submission_emails_approvers_and_leaves_public_page_alone(self):
        page = self.submit()
        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.requested_by, self.editor)

        [message] = [m for m in mail.outbox if self.approver.email in m.to]
        self.assertIn("Eurocities", message.subject)
        self.assertIn("submitted for approval", message.subject)
        self.assertIn(f"http://testserver/admin/pages/{page.pk}/edit/", message.body)
        self.assertFalse([m for m in mail.outbox if self.editor.email in m.to], "the submitter is not notified")

        html = self.public_html()
        self.assertIn("The published summary.", html)
        self.assertNotIn("awaiting approval", html)

    def test_submitted_page_is_locked_for_the_editor(self):
        self.submit()
        log_in(self.client, self.editor)
        data = network_form(self.network, summary="A sneaky change after submitting.")
        self.client.post(edit_url(self.network), data)
        latest = NetworkPage.objects.get(pk=self.network.pk).get_latest_revision_as_object()
        self.assertEqual(latest.summary, "A summary awaiting approval.")

    def test_approver_approves_and_page_goes_live_and_editor_is_told(self):
        page = self.submit()
        mail.outbox.clear()
        log_in(self.client, self.approver)
        response = self.client.post(workflow_action_url(page, "approve"), {"comment": ""})
        self.assertEqual(response.status_code, 302)

        page = NetworkPage.objects.get(pk=page.pk)
        self.assertTrue(page.live)
        self.assertFalse(page.has_unpublished_changes)
        self.assertIn("A summary awaiting approval.", self.public_html())
        [message] = mail.outbox
        self.assertEqual(message.to, [self.editor.email])
        self.assertIn("approved", message.subject)

    def test_approve_and_publish_from_the_edit_view(self):
        page = self.submit()
        log_in(self.client, self.approver)
        data = network_form(page, summary="A summary awaiting approval.")
        data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
        self.client.post(edit_url(page), data)
        self.assertIn("A summary awaiting approval.", self.public_html())

    def test_request_changes_sends_the_comment_to_the_editor_who_sees_it_in_the_editor(self):
        page = self.submit()
        mail.outbox.clear()
        comment = "Please say where the figure of 190 cities comes from."
        log_in(self.client, self.approver)
        response = self.client.post(workflow_action_url(page, "reject"), {"comment": comment})
        self.assertEqual(response.status_code, 302)

        state = WorkflowState.objects.get(object_id=str(page.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_NEEDS_CHANGES)
        [message] = mail.outbox
        self.assertEqual(message.to, [self.editor.email])
        self.assertIn(comment, message.body)
        self.assertIn("The published summary.", self.public_html())

        # The editor opens the page again: the comment is there, and the page is editable.
        log_in(self.client, self.editor)
        response = self.client.get(edit_url(page))
        self.assertContains(response, comment)
        self.assertContains(response, "Changes requested by approver")

        # The editor fixes it and resubmits; the approver approves this time.
        data = network_form(page, summary="Eurocities has 190 member cities, according to its website.")
        data["action-submit"] = "1"
        self.client.post(edit_url(page), data)
        self.assertEqual(WorkflowState.objects.get(object_id=str(page.pk)).status, WorkflowState.STATUS_IN_PROGRESS)
        log_in(self.client, self.approver)
        self.client.post(workflow_action_url(NetworkPage.objects.get(pk=page.pk), "approve"), {"comment": ""})
        self.assertIn("according to its website", self.public_html())

    def test_editor_cannot_approve_their_own_submission(self):
        page = self.submit()
        log_in(self.client, self.editor)
        self.client.post(workflow_action_url(page, "approve"), {"comment": ""})
        self.assertEqual(WorkflowState.objects.get(object_id=str(page.pk)).status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertIn("The published summary.", self.public_html())

    def test_dashboard_shows_approver_what_awaits_review(self):
        self.submit()
        log_in(self.client, self.approver)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Awaiting your review")
        self.assertContains(response, "Eurocities")

    def test_editor_submits_a_new_network_for_approval(self):
        log_in(self.client, self.editor)
        data = network_form()
        data["action-submit"] = "1"
        url = reverse("wagtailadmin_pages:add", args=["networks", "networkpage", self.landing.pk])
        self.assertEqual(self.client.post(url, data).status_code, 302)
        page = NetworkPage.objects.get(slug="culture-next")
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        log_in(self.client, self.approver)
        self.client.post(workflow_action_url(page, "approve"), {"comment": ""})
        self.assertTrue(Page.objects.get(pk=page.pk).live)


class ScheduledPublishingTests(EditorialTestCase):
    """Go-live and expiry dates, carried out by `publish_scheduled` (run from cron)."""

    def public_html(self):
        self.client.logout()
        return self.client.get(self.network.url)

    def run_publish_scheduled_at(self, moment):
        with mock.patch("django.utils.timezone.now", return_value=moment):
            call_command("publish_scheduled")

    def test_editor_schedules_approver_approves_and_change_goes_live_at_the_set_time(self):
        go_live = timezone.now() + datetime.timedelta(days=2)
        log_in(self.client, self.editor)
        data = network_form(
            self.network, summary="The new summary for launch day.", go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
        )
        data["action-submit"] = "1"
        self.client.post(edit_url(self.network), data)
        page = NetworkPage.objects.get(pk=self.network.pk)
        log_in(self.client, self.approver)
        self.client.post(workflow_action_url(page, "approve"), {"comment": ""})

        self.assertNotContains(self.public_html(), "launch day")
        self.run_publish_scheduled_at(go_live - datetime.timedelta(hours=1))
        self.assertNotContains(self.public_html(), "launch day")
        self.run_publish_scheduled_at(go_live + datetime.timedelta(minutes=1))
        self.assertContains(self.public_html(), "launch day")

    def test_expiry_takes_the_page_down(self):
        expire = timezone.now() + datetime.timedelta(days=1)
        log_in(self.client, self.approver)
        data = network_form(self.network, expire_at=expire.strftime("%Y-%m-%d %H:%M"))
        data["action-publish"] = "1"
        self.assertEqual(self.client.post(edit_url(self.network), data).status_code, 302)
        self.assertEqual(self.public_html().status_code, 200)
        self.run_publish_scheduled_at(expire + datetime.timedelta(minutes=1))
        self.assertEqual(self.public_html().status_code, 404)
        self.assertTrue(Page.objects.get(pk=self.network.pk).expired)
