"""Every page type routes, renders and previews."""

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from tests.editorial import home_form, landing_form, log_in, make_superuser, network_form
from tests.factories import NetworkKeyFactFactory, NetworkPageFactory, ThemeFactory, build_site


class PageRenderingTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        cls.theme = ThemeFactory(name="Climate", slug="climate")
        cls.network = NetworkPageFactory(
            parent=cls.landing,
            title="Eurocities",
            slug="eurocities",
            organisation="Council of Europe",
            website="https://eurocities.eu",
        )
        cls.network.themes.add(cls.theme)
        NetworkKeyFactFactory(page=cls.network, label="Countries", value="39")
        cls.network.save_revision().publish()

    def test_routable(self):
        for page in (self.home, self.landing, self.network):
            self.assertPageIsRoutable(page)

    def test_renderable(self):
        for page in (self.home, self.landing, self.network):
            self.assertPageIsRenderable(page)

    def test_previewable(self):
        # Wagtail 8 draws StreamFields with JavaScript, so the edit form's HTML
        # has no body inputs to copy: post what an editor's browser would.
        body = [("paragraph", rich_text("<p>Preview text.</p>"))]
        forms = {
            self.home: home_form(body=body),
            self.landing: landing_form(body=body),
            self.network: network_form(self.network, body=body),
        }
        user = make_superuser("previewer")
        for page, data in forms.items():
            # Superusers pass two-factor verification before any admin page (the helper logs out after each).
            log_in(self.client, user)
            self.assertPageIsPreviewable(page, post_data=data, user=user)

    def test_network_page_shows_its_fields(self):
        response = self.client.get(self.network.url)
        html = response.content.decode()
        self.assertContains(response, "<h1>Eurocities</h1>", html=True)
        self.assertEqual(html.count("<h1"), 1)
        self.assertInHTML("<dt>Countries</dt><dd>39</dd>", html)
        self.assertContains(response, "Council of Europe")
        self.assertContains(response, 'href="https://eurocities.eu"')
        self.assertContains(response, "(external website)")
        self.assertContains(response, 'href="/international/?theme=climate"')
        self.assertContains(response, "Last updated:")

    def test_landmarks_and_skip_link(self):
        response = self.client.get(self.network.url)
        html = response.content.decode()
        self.assertIn('<html lang="en-GB" dir="ltr">', html)
        body = html.split("<body", 1)[1]
        first_link = body.split("<a ", 1)[1]
        self.assertTrue(first_link.startswith('href="#main-content"'), "skip link must come first in <body>")
        self.assertIn('<main id="main-content"', html)
        self.assertIn('<nav class="breadcrumbs" aria-label="Breadcrumb">', html)
        self.assertIn("<header", html)
        self.assertIn("<footer", html)

    def test_home_has_no_breadcrumbs_and_leads_to_landing_page(self):
        response = self.client.get(self.home.url)
        self.assertNotContains(response, 'aria-label="Breadcrumb"')
        self.assertContains(response, f'href="{self.landing.url}"')

    def test_meta_description_falls_back_to_summary(self):
        response = self.client.get(self.network.url)
        self.assertContains(response, f'<meta name="description" content="{self.network.summary}">', html=True)
        self.network.search_description = "Written for search engines."
        self.network.save_revision().publish()
        response = self.client.get(self.network.url)
        self.assertContains(response, '<meta name="description" content="Written for search engines.">', html=True)

    def test_unknown_url_is_404(self):
        response = self.client.get("/international/no-such-network/")
        self.assertEqual(response.status_code, 404)
