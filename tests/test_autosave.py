"""Autosave (a draft save that asks for JSON) refuses an Image block with no image, so none is stored."""

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import rich_text

from networks.models import NetworkPage
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form

AUTOSAVE = {"Accept": "application/json"}  # what Wagtail's autosave script sends


def empty_image_block():
    return ("image", {"image": {"image": "", "alt_text": "", "decorative": False}, "caption": ""})


class AutosaveTests(EditorialTestCase):
    def autosave(self, body):
        log_in(self.client, self.editor)
        data = network_form(self.network, body=body)
        return self.client.post(edit_url(self.network), data, headers=AUTOSAVE)

    def latest_body(self):
        return NetworkPage.objects.get(pk=self.network.pk).get_latest_revision_as_object().body

    def test_an_empty_image_block_is_not_stored_and_autosave_says_not_saved(self):
        revision = NetworkPage.objects.get(pk=self.network.pk).latest_revision_id
        response = self.autosave([("paragraph", rich_text("<p>Kept words.</p>")), empty_image_block()])
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error_code"], "validation_error")
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).latest_revision_id, revision)
        self.assertEqual([child.block_type for child in self.latest_body()], ["paragraph"])

    def test_save_draft_names_the_empty_image_block(self):
        log_in(self.client, self.editor)
        data = network_form(self.network, body=[empty_image_block()])
        response = self.client.post(edit_url(self.network), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Image 1 in the body: choose an image, or remove this Image block.", response.content.decode())

    def test_a_draft_with_a_chosen_image_still_autosaves_without_the_publishing_checks(self):
        image = Image.objects.create(title="leeds", file=get_test_image_file(filename="leeds.png"))
        block = ("image", {"image": {"image": image.pk, "alt_text": "leeds", "decorative": False}, "caption": ""})
        response = self.autosave([block])
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertTrue(response.json()["success"])
        self.assertEqual(self.latest_body()[0].value["image"].pk, image.pk)
