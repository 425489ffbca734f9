"""Editors review their work before it goes out: preview at phone and desktop sizes, and find pages by their words."""

from django.test import TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage
from tests.editorial import EditorialTestCase, landing_form, log_in, make_editor, network_form, published_network
from tests.factories import build_site


class PreviewTests(EditorialTestCase):
    def test_every_page_type_offers_mobile_and_desktop_preview(self):
        for model in (HomePage, InternationalStrategyPage, NetworkPage):
            sizes = {size["name"]: size["device_width"] for size in model().preview_sizes}
            self.assertLessEqual(sizes["mobile"], 400, model)
            self.assertGreaterEqual(sizes["desktop"], 1200, model)

    def test_editor_sees_size_switch_and_previews_unsaved_changes(self):
        log_in(self.client, self.editor)
        edit = reverse("wagtailadmin_pages:edit", args=[self.network.pk])
        response = self.client.get(edit)
        for size in ("mobile", "desktop"):
            self.assertRegex(response.content.decode(), rf'name="preview-size"\s+value="{size}"')

        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.network.pk])
        data = network_form(self.network, summary="A summary only in the preview.")
        response = self.client.post(preview_url, data)
        self.assertEqual(response.json()["is_valid"], True)
        response = self.client.get(preview_url, {"mode": ""})
        self.assertContains(response, "A summary only in the preview.")
        self.assertContains(response, '<meta name="viewport" content="width=device-width, initial-scale=1">', html=True)
        # Nothing was saved or published by previewing.
        self.client.logout()
        self.assertNotContains(self.client.get(self.network.url), "only in the preview")

    def test_approver_previews_the_landing_page_with_its_network_cards(self):
        log_in(self.client, self.approver)
        preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[self.landing.pk])
        data = landing_form(introduction="A previewed introduction.")
        self.assertTrue(self.client.post(preview_url, data).json()["is_valid"])
        response = self.client.get(preview_url, {"mode": ""})
        self.assertContains(response, "A previewed introduction.")
        self.assertContains(response, "Eurocities")


class AdminSearchTests(WagtailTestUtils, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        cls.editor = make_editor()

    def search(self, query):
        log_in(self.client, self.editor)
        return self.client.get(reverse("wagtailadmin_pages:search"), {"q": query})

    def test_editor_finds_a_network_by_words_in_its_summary(self):
        with self.captureOnCommitCallbacks(execute=True):
            published_network(
                self.landing, title="Intercultural Cities", summary="Coordinated by the Council of Europe."
            )
        self.assertContains(self.search("Council of Europe"), "Intercultural Cities")

    def test_editor_finds_a_network_by_words_only_in_its_body(self):
        body = [{"type": "paragraph", "value": "<p>Leeds chairs the working group on children and young people.</p>"}]
        with self.captureOnCommitCallbacks(execute=True):
            published_network(self.landing, title="Eurocities", summary="The largest European city network.", body=body)
            published_network(self.landing, title="Culture Next", summary="Capital of Culture candidates.")
        response = self.search("working group")
        self.assertContains(response, "Eurocities")
        self.assertNotContains(response, "Culture Next")
