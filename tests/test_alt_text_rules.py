"""Alt text that means something: an editor cannot submit or publish alt text that only names the image."""

import json
import re
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.test.utils.form_data import rich_text

from core.alt_text import alt_text_problem, checker_pattern
from networks.models import NetworkPage
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form


def errors_text(form):
    """Every message the form shows, stream block errors included, as the editor reads them."""
    texts = []
    for field, errors in form.errors.items():
        for error in errors.as_data():
            data = error.as_json_data() if hasattr(error, "as_json_data") else error.messages
            texts.append(f"{field}: {json.dumps(data, ensure_ascii=False)}")
    return "\n".join(texts)


def image_block(image, alt_text="", decorative=False):
    return ("image", {"image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative}, "caption": ""})


def text_block(text="<p>Text kept.</p>"):
    return ("paragraph", rich_text(text))


class AltTextRulesTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.image = Image.objects.create(title="leeds", file=get_test_image_file(filename="leeds.png"))

    def post(self, user, action, **overrides):
        log_in(self.client, user)
        data = network_form(self.network, **overrides)
        if action:
            data[f"action-{action}"] = "1"
        return self.client.post(edit_url(self.network), data)

    def assert_refused(self, response, message):
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("The page could not be saved due to validation errors", html)
        # Stream block errors reach the page as JSON the editor's script renders beside the block.
        self.assertIn(message, json.loads(json.dumps(html)) + errors_text(response.context["form"]))
        self.assertIn("Council of Europe (new)", html)  # the editor's other changes are kept
        network = NetworkPage.objects.get(pk=self.network.pk)
        self.assertEqual(network.latest_revision_id, self.network.latest_revision_id)
        self.assertIsNone(network.current_workflow_state)

    def assert_saved(self, response):
        self.assertEqual(response.status_code, 302, response.content[:3000] if response.status_code == 200 else "")

    # Body images

    def test_alt_text_that_is_the_image_title_is_refused_on_submit_naming_the_block(self):
        body = [text_block(), image_block(self.image, "Leeds Town Hall at dusk"), image_block(self.image, "leeds")]
        response = self.post(self.editor, "submit", body=body, organisation="Council of Europe (new)")
        self.assert_refused(response, "Image 2 in the body: The alt text “leeds” is only the image")

    def test_alt_text_that_is_the_file_name_is_refused_on_publish(self):
        for alt in ("Leeds.png", "LEEDS", "le-eds", "leeds_", " Leeds. ", "leeds.JPG"):
            with self.subTest(alt=alt):
                response = self.post(
                    self.approver,
                    "publish",
                    body=[image_block(self.image, alt)],
                    organisation="Council of Europe (new)",
                )
                self.assert_refused(response, "Image 1 in the body:")

    def test_placeholder_alt_text_is_refused_on_submit(self):
        for alt in ("image", "Photo", "logo", "Picture of the town hall", "a graphic", "image of Leeds"):
            with self.subTest(alt=alt):
                response = self.post(
                    self.editor, "submit", body=[image_block(self.image, alt)], organisation="Council of Europe (new)"
                )
                self.assert_refused(response, "does not say what the image shows")

    def test_the_title_as_alt_text_may_be_saved_as_a_draft(self):
        response = self.post(self.editor, None, body=[image_block(self.image, "leeds")])
        self.assert_saved(response)
        draft = NetworkPage.objects.get(pk=self.network.pk).get_latest_revision_as_object()
        self.assertEqual(draft.body[0].value["image"].contextual_alt_text, "leeds")

    def test_decorative_image_is_accepted_on_submit(self):
        response = self.post(self.editor, "submit", body=[text_block(), image_block(self.image, "leeds", True)])
        self.assert_saved(response)
        self.assertEqual(NetworkPage.objects.get(pk=self.network.pk).current_workflow_state.status, "in_progress")

    def test_a_real_description_is_accepted_and_published(self):
        response = self.post(self.editor, "submit", body=[image_block(self.image, "Leeds Town Hall lit up at dusk")])
        self.assert_saved(response)
        response = self.post(self.approver, "publish", body=[image_block(self.image, "Leeds Town Hall lit up at dusk")])
        self.assert_saved(response)
        self.assertContains(self.client.get(self.network.url), 'alt="Leeds Town Hall lit up at dusk"')

    def test_empty_alt_text_is_refused_naming_the_block(self):
        response = self.post(
            self.editor, "submit", body=[image_block(self.image, "")], organisation="Council of Europe (new)"
        )
        self.assert_refused(response, "Image 1 in the body: Add alt text")

    # The network logo

    def test_logo_alt_text_that_is_its_title_is_refused_on_submit(self):
        response = self.post(
            self.editor, "submit", logo=self.image.pk, logo_alt_text="Leeds", organisation="Council of Europe (new)"
        )
        self.assert_refused(response, "Logo: The alt text “Leeds” is only the logo")

    def test_placeholder_logo_alt_text_is_refused_on_publish(self):
        response = self.post(
            self.approver, "publish", logo=self.image.pk, logo_alt_text="logo", organisation="Council of Europe (new)"
        )
        self.assert_refused(response, "Logo: The alt text “logo” does not say what the logo shows")

    def test_logo_alt_text_that_is_its_title_may_be_saved_as_a_draft(self):
        self.assert_saved(self.post(self.editor, None, logo=self.image.pk, logo_alt_text="leeds"))

    def test_decorative_logo_is_accepted_on_submit(self):
        response = self.post(self.editor, "submit", logo=self.image.pk, logo_alt_text="leeds", logo_decorative=True)
        self.assert_saved(response)

    def test_logo_with_a_real_description_is_accepted_on_submit(self):
        response = self.post(self.editor, "submit", logo=self.image.pk, logo_alt_text="Leeds City Council logo")
        self.assert_saved(response)

    # The Checks panel

    def test_checks_panel_flags_the_page_images_titles_and_placeholders(self):
        self.post(self.approver, "publish", body=[image_block(self.image, "Leeds Town Hall lit up at dusk")])
        log_in(self.client, self.editor)
        html = self.client.get(edit_url(self.network)).content.decode()
        config = json.loads(re.search(r'id="checker-axe-configuration"[^>]*>(.*?)</script>', html, re.S)[1])
        check = next(c for c in config["spec"]["checks"] if c["id"] == "check-image-alt-text")
        pattern = re.compile(check["options"]["pattern"], re.IGNORECASE)  # axe compiles it with the "i" flag
        for alt in ("leeds", "Leeds.png", "Leeds.", "le-eds", "photo", "Picture of the town hall", "DSC_0001.jpg"):
            self.assertTrue(pattern.search(alt), alt)
        for alt in ("Leeds Town Hall lit up at dusk", "Councillor Jane Smith in Leeds", ""):
            self.assertFalse(pattern.search(alt), alt)


def test_rules_cover_titles_file_names_and_placeholders():
    image = SimpleNamespace(
        title="Town hall at dusk", file=SimpleNamespace(name="original_images/leeds-civic_hall.jpg")
    )
    assert alt_text_problem("leeds civic hall", image)
    assert alt_text_problem("town-hall-at-dusk", image)
    assert alt_text_problem("PHOTO.", image)
    assert alt_text_problem("  ", image)
    assert alt_text_problem("The civic hall's portico in spring sunshine", image) is None
    assert alt_text_problem("Logo of Eurocities", image) is None  # says whose logo it is
    assert re.search(checker_pattern("_", [image]), "Leeds Civic Hall", re.IGNORECASE)


class ImageDescriptionTests(EditorialTestCase):
    def upload(self, **fields):
        log_in(self.client, self.editor)
        from editorial.roles import COLLECTION_NAME

        upload = SimpleUploadedFile("leeds.png", get_test_image_file().file.getvalue(), content_type="image/png")
        data = {"title": "leeds", "file": upload, "collection": Collection.objects.get(name=COLLECTION_NAME).pk}
        return self.client.post(reverse("wagtailimages:add"), {**data, **fields})

    def test_upload_asks_for_a_description(self):
        log_in(self.client, self.editor)
        response = self.client.get(reverse("wagtailimages:add"))
        self.assertContains(response, "Description (alt text)")
        self.assertContains(response, "Pages use it as the image")
        response = self.upload()
        self.assertEqual(response.status_code, 200)
        self.assertIn("description", response.context["form"].errors)
        self.assertFalse(Image.objects.filter(title="leeds").exists())

    def test_description_that_is_the_file_name_is_refused(self):
        response = self.upload(description="Leeds")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "The description “Leeds” is only the image")

    def test_description_is_the_alt_text_pages_start_from(self):
        self.assertEqual(self.upload(description="Leeds Town Hall lit up at dusk").status_code, 302)
        image = Image.objects.get(title="leeds")
        self.assertEqual(image.default_alt_text, "Leeds Town Hall lit up at dusk")

    def test_multiple_uploader_still_takes_files_then_asks_for_the_description(self):
        log_in(self.client, self.editor)
        upload = SimpleUploadedFile("leeds.png", get_test_image_file().file.getvalue(), content_type="image/png")
        response = self.client.post(
            reverse("wagtailimages:add_multiple"), {"files[]": upload}, headers={"x-requested-with": "XMLHttpRequest"}
        )
        data = json.loads(response.content)
        self.assertTrue(data["success"], data)
        self.assertIn("Description (alt text)", data["form"])
