"""Guardrails: bad input is refused with a clear message, and the editor's other changes are kept."""

from html import unescape

from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, rich_text

from core.blocks import BodyStreamBlock
from networks.models import NetworkPage
from tests.editorial import (
    EditorialTestCase,
    add_network_url,
    edit_url,
    log_in,
    network_form,
)

HTTPS_MESSAGE = "Enter a full web address starting with https://"
# Written out here, not imported from networks.forms: a changed message must fail a test.
EMPTY_BODY_MESSAGE = (
    "Add the network's description to the body before publishing or submitting for approval: "
    "a network page cannot go live empty. You can still save an empty draft."
)
LOGO_WITHOUT_ALT_MESSAGE = (
    "Describe the logo for people who cannot see it, or tick “logo is decorative” "
    "if it only repeats the network's name."
)


def image_block(image, alt_text="", decorative=False, caption=""):
    return ("image", {"image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative}, "caption": caption})


class GuardrailTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        from wagtail.images.models import Image

        super().setUpTestData()
        cls.image = Image.objects.create(title="Leeds Town Hall", file=get_test_image_file())

    def post(self, user, action, **overrides):
        log_in(self.client, user)
        data = network_form(self.network, **overrides)
        if action:
            data[f"action-{action}"] = "1"
        return self.client.post(edit_url(self.network), data)

    def assert_refused_keeping(self, response, message, kept):
        """Refused: the form comes back with the message and the editor's other input; nothing was saved."""
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The page could not be saved due to validation errors")
        self.assertIn(message, unescape(response.content.decode()))  # the message exactly as the editor reads it
        self.assertContains(response, kept)
        network = NetworkPage.objects.get(pk=self.network.pk)
        self.assertEqual(network.latest_revision_id, self.network.latest_revision_id)
        self.assertEqual(network.summary, "The published summary.")

    # Summary

    def test_too_long_summary_is_refused_and_other_changes_kept(self):
        response = self.post(self.editor, "submit", summary="x" * 251, organisation="Council of Europe (new)")
        self.assert_refused_keeping(
            response, "Ensure this value has at most 250 characters (it has 251).", "Council of Europe (new)"
        )

    def test_too_long_summary_is_refused_even_for_a_draft(self):
        response = self.post(self.editor, None, summary="x" * 251, organisation="Council of Europe (new)")
        self.assert_refused_keeping(response, "at most 250 characters", "Council of Europe (new)")

    def test_title_and_summary_are_required_even_for_a_draft(self):
        response = self.post(self.editor, None, summary="", organisation="Council of Europe (new)")
        self.assert_refused_keeping(response, "This field is required.", "Council of Europe (new)")
        response = self.post(self.editor, None, title="", organisation="Council of Europe (new)")
        self.assert_refused_keeping(response, "This field is required.", "Council of Europe (new)")

    def test_summary_shows_a_live_character_count_without_cutting_off_pasted_text(self):
        log_in(self.client, self.editor)
        response = self.client.get(edit_url(self.network))
        self.assertContains(response, "core/admin/character-count.js")
        form_html = response.content.decode()
        self.assertIn('data-controller=\\"character-count\\" data-character-count-max-value=\\"250\\"', form_html)
        self.assertIn("Up to 250 characters.", form_html)
        # No maxlength on the summary: the browser would silently cut a pasted paragraph.
        summary_widget = form_html[form_html.index('data-controller=\\"character-count\\"') :][:600]
        self.assertNotIn("maxlength", summary_widget)

    # Images

    def test_image_without_alt_text_is_refused_on_publish_and_other_changes_kept(self):
        body = [("paragraph", rich_text("<p>Text kept.</p>")), image_block(self.image)]
        response = self.post(self.approver, "publish", body=body, organisation="Council of Europe (new)")
        self.assert_refused_keeping(
            response, "Please add some alt text for your image or mark it as decorative", "Council of Europe (new)"
        )

    def test_image_without_alt_text_is_refused_on_submit(self):
        response = self.post(
            self.editor, "submit", body=[image_block(self.image)], organisation="Council of Europe (new)"
        )
        self.assert_refused_keeping(
            response, "Please add some alt text for your image or mark it as decorative", "Council of Europe (new)"
        )

    def test_image_with_alt_text_or_marked_decorative_publishes(self):
        body = [image_block(self.image, alt_text="Leeds Town Hall at dusk"), image_block(self.image, decorative=True)]
        response = self.post(self.approver, "publish", body=body)
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        html = self.client.get(self.network.url).content.decode()
        self.assertIn('alt="Leeds Town Hall at dusk"', html)
        self.assertIn('alt=""', html)

    def test_logo_without_alt_text_is_refused_on_publish_and_other_changes_kept(self):
        response = self.post(self.approver, "publish", logo=self.image.pk, organisation="Council of Europe (new)")
        self.assert_refused_keeping(response, LOGO_WITHOUT_ALT_MESSAGE, "Council of Europe (new)")

    def test_logo_may_be_saved_as_a_draft_without_alt_text(self):
        response = self.post(self.editor, None, logo=self.image.pk)
        self.assertEqual(response.status_code, 302)

    def test_logo_alt_text_or_decorative_is_what_visitors_get(self):
        response = self.post(self.approver, "publish", logo=self.image.pk, logo_alt_text="Eurocities logo")
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertContains(self.client.get(self.network.url), 'alt="Eurocities logo"')

        response = self.post(self.approver, "publish", logo=self.image.pk, logo_alt_text="", logo_decorative=True)
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        html = self.client.get(self.network.url).content.decode()
        logo = html[html.index('class="network-picture network-picture--page"') - 300 :][:400]
        self.assertIn('alt=""', logo)

    # Website

    def test_http_website_is_refused_and_other_changes_kept(self):
        response = self.post(
            self.editor, "submit", website="http://eurocities.eu", organisation="Council of Europe (new)"
        )
        self.assert_refused_keeping(response, HTTPS_MESSAGE, "Council of Europe (new)")

    def test_javascript_website_is_refused_and_other_changes_kept(self):
        response = self.post(
            self.editor, None, website="javascript:alert(document.cookie)", organisation="Council of Europe (new)"
        )
        self.assert_refused_keeping(response, HTTPS_MESSAGE, "Council of Europe (new)")

    def test_http_local_partner_website_is_refused(self):
        partners = inline_formset([{"name": "University of Leeds", "url": "http://leeds.ac.uk"}])
        response = self.post(self.editor, "submit", local_partners=partners, organisation="Council of Europe (new)")
        self.assert_refused_keeping(response, "starting with https://", "Council of Europe (new)")

    def test_https_website_is_accepted(self):
        response = self.post(self.approver, "publish", website="https://eurocities.eu")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).website, "https://eurocities.eu")

    # Body

    def test_empty_body_cannot_be_published_or_submitted(self):
        for user, action in ((self.approver, "publish"), (self.editor, "submit")):
            response = self.post(user, action, body=[], organisation="Council of Europe (new)")
            self.assert_refused_keeping(response, EMPTY_BODY_MESSAGE, "Council of Europe (new)")

    def test_empty_body_may_be_saved_as_a_draft(self):
        response = self.post(self.editor, None, body=[])
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(NetworkPage.objects.get(pk=self.network.pk).get_latest_revision_as_object().body), 0)

    def test_new_network_with_empty_body_cannot_be_submitted(self):
        log_in(self.client, self.editor)
        data = network_form(body=[])
        data["action-submit"] = "1"
        response = self.client.post(add_network_url(self.landing), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(NetworkPage.objects.filter(slug="culture-next").exists())

    def test_rich_text_drops_headings_and_markup_the_design_does_not_support(self):
        features = BodyStreamBlock().child_blocks["paragraph"].features
        self.assertNotIn("h1", features)
        self.assertFalse({"embed", "image", "code"} & set(features))

        html = "<h1>Big heading</h1><h2>Section</h2><p>Text<script>alert(1)</script></p>"
        response = self.post(self.approver, "publish", body=[("paragraph", rich_text(html))])
        self.assertEqual(response.status_code, 302)
        stored = str(NetworkPage.objects.get(pk=self.network.pk).body[0].value.source)
        self.assertNotIn("<h1", stored)
        self.assertNotIn("<script", stored)
        self.assertIn("<h2", stored)

    def test_accessibility_and_content_checks_stay_on_in_the_editor(self):
        log_in(self.client, self.editor)
        response = self.client.get(edit_url(self.network))
        self.assertContains(response, 'data-side-panel="checks"')
        self.assertContains(response, 'id="w-content-checker-row-template"')
