"""Approving from the dashboard: the alt-text checks run again, and the approver and editor are told what happened."""

import html

from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import rich_text

from networks.models import NetworkPage
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form, workflow_action_url


def image_block(image, alt_text, decorative=False):
    return ("image", {"image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative}, "caption": ""})


def text_block(text="<p>Eurocities brings together 200 cities.</p>"):
    return ("paragraph", rich_text(text))


class WorkflowTestCase(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.image = Image.objects.create(title="leeds", file=get_test_image_file(filename="leeds.png"))

    def edit(self, user, action=None, **fields):
        log_in(self.client, user)
        data = network_form(NetworkPage.objects.get(pk=self.network.pk), **fields)
        if action:
            data[f"action-{action}"] = "1"
        response = self.client.post(edit_url(self.network), data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        return NetworkPage.objects.get(pk=self.network.pk)

    def submit(self, **fields):
        return self.edit(self.editor, "submit", **fields)

    def dashboard_action(self, action, comment="", **headers):
        """What the dashboard's buttons post, as the approver: back to the dashboard afterwards."""
        log_in(self.client, self.approver)
        page = NetworkPage.objects.get(pk=self.network.pk)
        data = {"comment": comment, "next": reverse("wagtailadmin_home")}
        return self.client.post(workflow_action_url(page, action), data, follow=True, headers=headers)

    def public_html(self):
        self.client.logout()
        return self.client.get(self.network.url).content.decode()

    def messages(self, response):
        """The messages shown on the page the approver ends up on, newest last."""
        return [" ".join(html.unescape(strip_tags(str(message))).split()) for message in response.context["messages"]]

    def last_message(self, response):
        return self.messages(response)[-1]


class ApprovalRunsTheChecksTests(WorkflowTestCase):
    def submit_then_approver_saves_a_draft_naming_the_image(self):
        # The editor submits a described image; the approver then saves a
        # draft (drafts skip the checks) whose alt text is only the file name.
        self.submit(body=[text_block(), image_block(self.image, "Leeds Town Hall lit up at dusk")])
        self.edit(self.approver, body=[text_block(), image_block(self.image, "leeds")])

    def test_dashboard_approve_refuses_a_latest_revision_that_fails_the_alt_text_rules(self):
        self.submit_then_approver_saves_a_draft_naming_the_image()
        response = self.dashboard_action("approve")

        self.assertEqual(response.redirect_chain[-1][0], edit_url(self.network))
        message = self.last_message(response)
        self.assertIn("“Eurocities” was not approved", message)
        self.assertIn("Image 1 in the body: The alt text “leeds” is only the image's title or file name", message)
        page = NetworkPage.objects.get(pk=self.network.pk)
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(page.current_workflow_task_state.status, "in_progress")
        self.assertTrue(page.has_unpublished_changes)
        self.assertNotIn('alt="leeds"', self.public_html())
        self.assertNotIn("approved", " ".join(m.subject for m in mail.outbox))

    def test_approve_with_comment_from_the_modal_is_refused_too(self):
        self.submit_then_approver_saves_a_draft_naming_the_image()
        log_in(self.client, self.approver)
        page = NetworkPage.objects.get(pk=self.network.pk)
        response = self.client.post(
            workflow_action_url(page, "approve"),
            {"comment": "Looks good"},
            headers={"x-requested-with": "XMLHttpRequest"},
        )
        self.assertEqual(response.json(), {"step": "success", "redirect": edit_url(self.network)})
        self.assertIn("was not approved", self.last_message(self.client.get(edit_url(self.network))))
        self.assertFalse(NetworkPage.objects.get(pk=self.network.pk).current_workflow_state.status == "approved")

    def test_a_logo_named_by_its_file_name_is_refused_on_approval(self):
        self.submit()
        self.edit(self.approver, logo=self.image.pk, logo_alt_text="Leeds")
        response = self.dashboard_action("approve")
        self.assertIn("Logo: The alt text “Leeds” is only the logo", self.last_message(response))
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).current_workflow_state.status, "in_progress")

    def test_fixed_draft_is_approved_and_published(self):
        self.submit_then_approver_saves_a_draft_naming_the_image()
        self.dashboard_action("approve")
        self.edit(self.approver, body=[text_block(), image_block(self.image, "Leeds Town Hall at dusk")])
        response = self.dashboard_action("approve")
        self.assertEqual(self.last_message(response), "'Eurocities' approved and published.")
        self.assertIn('alt="Leeds Town Hall at dusk"', self.public_html())


def default_action(page_html):
    """The label of the edit page's main button: the one beside the footer's "more actions" toggle."""
    start = page_html.index('<div class="w-dropdown-button">')
    button = page_html[start : page_html.index("</button>", start)]
    return " ".join(strip_tags(button + "</button>").split())


class FeedbackTests(WorkflowTestCase):
    comment = "Please say where the figure of 200 cities comes from."

    def request_changes(self):
        self.submit()
        mail.outbox.clear()
        return self.dashboard_action("reject", comment=self.comment)

    def test_dashboard_approve_says_approved_and_published(self):
        self.submit(summary="Eurocities has 200 member cities.")
        response = self.dashboard_action("approve")
        self.assertEqual(response.redirect_chain[-1][0], reverse("wagtailadmin_home"))
        self.assertEqual(self.last_message(response), "'Eurocities' approved and published.")
        self.assertIn("Eurocities has 200 member cities.", self.public_html())

    def test_approve_and_publish_on_the_edit_page_says_published_not_updated(self):
        self.submit(summary="Eurocities has 200 member cities.")
        log_in(self.client, self.approver)
        data = network_form(self.network, summary="Eurocities has 200 member cities.")
        data.update({"action-workflow-action": "true", "workflow-action-name": "approve"})
        response = self.client.post(edit_url(self.network), data, follow=True)
        texts = self.messages(response)
        self.assertIn("'Eurocities' approved and published.", texts)
        self.assertNotIn("updated", " ".join(texts))
        self.assertIn("Eurocities has 200 member cities.", self.public_html())

    def test_request_changes_from_the_dashboard_says_so(self):
        response = self.request_changes()
        self.assertEqual(self.last_message(response), "Changes requested on “Eurocities”: the editor has been told.")

    def test_the_email_says_changes_requested_not_rejected(self):
        self.request_changes()
        [message] = mail.outbox
        self.assertEqual(message.to, [self.editor.email])
        self.assertEqual(message.subject, 'Changes requested on "Eurocities"')
        for body in (message.body, *(content for content, _type in message.alternatives)):
            self.assertIn("has asked for changes to", body)
            self.assertIn("What to change:", body)
            self.assertIn("200 cities comes from.", body)
            self.assertIn(f"/admin/pages/{self.network.pk}/edit/", body)
            self.assertNotIn("rejected", body.lower())

    def test_the_editor_sees_the_comment_in_a_banner_until_resubmitting(self):
        self.request_changes()
        log_in(self.client, self.editor)
        response = self.client.get(edit_url(self.network))
        banner = (
            "Changes requested by approver: “Please say where the figure of 200 cities comes from.” "
            "Make the changes, then submit for approval again."
        )
        self.assertIn(banner, self.messages(response))
        # Saving a draft keeps the banner; resubmitting removes it.
        self.edit(self.editor, summary="Eurocities has 200 members, says its website.")
        self.assertIn(banner, self.messages(self.client.get(edit_url(self.network))))
        self.submit(summary="Eurocities has 200 members, says its website.")
        self.assertNotIn(banner, self.messages(self.client.get(edit_url(self.network))))

    def test_approver_lands_on_an_edit_page_whose_main_button_is_approve_and_publish(self):
        self.submit()
        log_in(self.client, self.approver)
        html = self.client.get(edit_url(self.network)).content.decode()
        self.assertEqual(default_action(html), "Approve and publish")
        self.assertIn("Save draft", html)

    def test_without_a_page_awaiting_them_the_main_button_is_save_draft(self):
        log_in(self.client, self.approver)
        html = self.client.get(edit_url(self.network)).content.decode()
        self.assertNotIn("Approve and publish", html)
