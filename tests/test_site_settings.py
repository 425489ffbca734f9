"""Site settings: the team's contact details, edited by approvers, shown to visitors in every language.

The team's name and the footer links are the translatable footer snippet now: tests/test_translated_footer.py."""

from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data

from home.models import Footer, SiteSettings
from tests.editorial import EditorialTestCase, log_in
from tests.factories import seed_site

SETTINGS_URL = reverse("wagtailsettings:edit", args=["home", "sitesettings"])


def settings_form(**overrides):
    data = {
        "contact_email": "international@example.gov.uk",
        "phone": "0113 222 4444",
        "postal_address": "Civic Hall\nCalverley Street\nLeeds LS1 1UR",
    }
    data.update(overrides)
    return nested_form_data(data)


class SiteSettingsTests(EditorialTestCase):
    def save_settings(self, **overrides):
        log_in(self.client, self.approver)
        url = self.client.get(SETTINGS_URL).url  # the generic setting redirects to its edit view
        return self.client.post(url, settings_form(**overrides))

    def visitor_html(self, page):
        self.client.logout()
        return self.client.get(page.url).content.decode()

    def test_empty_settings_render_nothing(self):
        for page in (self.home, self.landing, self.network):
            html = self.visitor_html(page)
            self.assertNotIn("Contact us", html)
            self.assertNotIn("contact-details", html)
            self.assertNotIn('aria-label="Useful links"', html)

    def test_approver_sets_contact_details_shown_in_every_footer_and_on_network_pages(self):
        Footer.objects.create(locale=Locale.get_default(), team_name="International relations team")
        # Seen before the change: the settings a page read are kept until something is saved.
        self.assertNotIn("mailto:", self.visitor_html(self.network))
        response = self.save_settings()
        self.assertEqual(response.status_code, 302)

        for page in (self.home, self.landing, self.network):
            html = self.visitor_html(page)
            footer = html[html.index("<footer") :]
            self.assertIn("International relations team", footer)
            self.assertIn('href="mailto:international@example.gov.uk"', footer)
            self.assertIn('href="tel:01132224444"', footer)
            self.assertIn("Civic Hall<br>Calverley Street<br>Leeds LS1 1UR", footer)

        html = self.visitor_html(self.network)
        main = html[html.index("<main") : html.index("</main>")]
        self.assertIn('<h2 id="contact-heading">Contact us about this network</h2>', main)
        self.assertIn('href="mailto:international@example.gov.uk"', main)
        self.assertIn("International relations team", main)  # the footer's team name
        # The landing page carries no contact block of its own, only the footer.
        landing_main = self.visitor_html(self.landing).split("<main", 1)[1].split("</main>", 1)[0]
        self.assertNotIn("contact-heading", landing_main)

    def test_only_filled_in_details_are_shown(self):
        self.save_settings(phone="", postal_address="")
        html = self.visitor_html(self.network)
        self.assertIn('href="mailto:international@example.gov.uk"', html)
        self.assertNotIn("tel:", html)
        self.assertNotIn("contact-details__team", html)

    def test_bad_input_is_refused_with_a_clear_message_and_kept(self):
        response = self.save_settings(phone="call us!", contact_email="not-an-email")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter a phone number using digits")
        self.assertContains(response, "Enter a valid email address.")
        self.assertContains(response, "Calverley Street")  # the rest is kept
        self.assertEqual(SiteSettings.load().postal_address, "")

    def test_editor_cannot_change_settings(self):
        log_in(self.client, self.editor)
        instance_url = reverse("wagtailsettings:edit", args=["home", "sitesettings", SiteSettings.load().pk])
        self.client.post(instance_url, settings_form())
        self.assertEqual(SiteSettings.load().contact_email, "")

    def test_seed_content_invents_no_contact_details(self):
        seed_site("--reset")
        settings = SiteSettings.load()
        self.assertFalse(any([settings.contact_email, settings.phone, settings.postal_address]))
        self.assertEqual(Footer.objects.get().team_name, "")
