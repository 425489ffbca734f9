"""Editors create and change network pages through the Wagtail admin."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset

from networks.models import InternationalStrategyPage, NetworkPage
from tests.editorial import log_in, make_superuser, network_form
from tests.factories import NetworkPageFactory, ThemeFactory, build_site


class AdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        cls.theme = ThemeFactory(name="Culture", slug="culture")
        cls.user = make_superuser("editor")

    def setUp(self):
        log_in(self.client, self.user)

    def network_form(self, **overrides):
        return network_form(
            themes=[self.theme],
            website="https://culturenext.eu",
            key_facts=inline_formset([{"label": "Member cities", "value": "30"}]),
            **overrides,
        )

    def test_can_create_network_page_through_admin_form(self):
        self.assertCanCreate(self.landing, NetworkPage, self.network_form())
        page = NetworkPage.objects.get(slug="culture-next")
        self.assertEqual(page.get_parent().specific, self.landing)
        self.assertEqual([(f.label, f.value) for f in page.key_facts.all()], [("Member cities", "30")])
        self.assertEqual(list(page.themes.all()), [self.theme])

    def test_summary_over_250_characters_is_refused_and_nothing_else_lost(self):
        url = reverse("wagtailadmin_pages:add", args=("networks", "networkpage", self.landing.pk))
        data = self.network_form(summary="x" * 251)
        data["action-publish"] = "1"
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "at most 250 characters")
        # The editor's other input is still in the form.
        self.assertContains(response, "https://culturenext.eu")
        self.assertFalse(NetworkPage.objects.filter(slug="culture-next").exists())

    def test_published_edit_shows_on_public_page(self):
        network = NetworkPageFactory(parent=self.landing, title="Eurocities", slug="eurocities")
        self.assertContains(self.client.get(network.url), network.summary)

        edit_url = reverse("wagtailadmin_pages:edit", args=(network.pk,))
        self.assertEqual(self.client.get(edit_url).status_code, 200)
        data = self.network_form(title="Eurocities", slug="eurocities", summary="The largest European city network.")
        data["action-publish"] = "1"
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

        self.client.logout()
        public = self.client.get(network.url)
        self.assertContains(public, "The largest European city network.")
        self.assertNotContains(public, network.summary)

    def test_saved_draft_does_not_show_on_public_page(self):
        network = NetworkPageFactory(parent=self.landing, title="Eurocities", slug="eurocities")
        edit_url = reverse("wagtailadmin_pages:edit", args=(network.pk,))
        data = self.network_form(title="Eurocities", slug="eurocities", summary="Draft summary only.")
        response = self.client.post(edit_url, data)
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        self.assertNotContains(self.client.get(network.url), "Draft summary only.")

    def test_theme_snippet_is_managed_in_admin(self):
        response = self.client.get(reverse("wagtailsnippets_networks_theme:list"))
        self.assertContains(response, "Culture")

    def test_admin_search_finds_network_by_summary(self):
        # The search index is updated by a task queued when the transaction commits.
        with self.captureOnCommitCallbacks(execute=True):
            NetworkPageFactory(
                parent=self.landing, title="Intercultural Cities", summary="Coordinated by the Council of Europe."
            )
        response = self.client.get(reverse("wagtailadmin_pages:search"), {"q": "Council of Europe"})
        self.assertContains(response, "Intercultural Cities")

    def test_landing_page_type_exists_once(self):
        self.assertFalse(InternationalStrategyPage.can_create_at(self.home))
