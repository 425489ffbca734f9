"""The site knows its address: SITE_URL sets the default Site, and full links use it."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from core.site_url import parse_site_url
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form
from tests.ops_support import load_production_settings, production_env

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = "https://international.leeds.gov.uk"
SITE_NAME = "Leeds international networks"


def default_site():
    return Site.objects.get(is_default_site=True)


@pytest.mark.django_db
def test_migrate_sets_the_default_sites_address_and_name(settings):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80, site_name="")
    settings.SITE_URL = PUBLIC
    call_command("migrate", verbosity=0)
    site = default_site()
    assert (site.hostname, site.port, site.site_name) == ("international.leeds.gov.uk", 443, SITE_NAME)
    assert site.root_url == PUBLIC


@pytest.mark.django_db
def test_seed_content_sets_the_make_run_address(settings):
    settings.SITE_URL = "http://127.0.0.1:8311"
    call_command("seed_content", stdout=io.StringIO())
    site = default_site()
    assert (site.hostname, site.port, site.site_name) == ("127.0.0.1", 8311, SITE_NAME)
    assert site.root_url == "http://127.0.0.1:8311"
    # Running it again (every `make run`) with another port moves the address, keeping the content.
    settings.SITE_URL = "http://127.0.0.1:8400/"
    call_command("seed_content", stdout=io.StringIO())
    assert default_site().root_url == "http://127.0.0.1:8400"


@pytest.mark.django_db
def test_without_site_url_only_the_name_is_set(settings):
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=80, site_name="")
    settings.SITE_URL = ""
    call_command("migrate", verbosity=0)
    site = default_site()
    assert (site.hostname, site.port, site.site_name) == ("localhost", 80, SITE_NAME)


@pytest.mark.parametrize(
    "bad", ["international.leeds.gov.uk", "ftp://international.leeds.gov.uk", "https://x.example/some/path", "https://"]
)
def test_a_site_url_that_is_not_an_address_is_refused_clearly(bad):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be the site's address"):
        parse_site_url(bad)


class SiteAddressInLinksTests(EditorialTestCase):
    """What visitors, search engines and approvers get once the address is set."""

    def setUp(self):
        with override_settings(SITE_URL=PUBLIC):
            call_command("migrate", verbosity=0)

    def test_canonical_link_and_og_url_use_the_address(self):
        html = self.client.get(self.network.url).content.decode()
        self.assertIn(f'<link rel="canonical" href="{PUBLIC}/international/eurocities/">', html)
        self.assertIn(f'<meta property="og:url" content="{PUBLIC}/international/eurocities/">', html)

    def test_sitemap_uses_the_address(self):
        xml = self.client.get("/sitemap.xml").content.decode()
        self.assertIn(f"<loc>{PUBLIC}/international/eurocities/</loc>", xml)
        self.assertNotIn("http://localhost", xml)

    def test_content_api_links_use_the_address(self):
        data = self.client.get(f"/api/v2/pages/{self.network.pk}/").json()
        self.assertEqual(data["meta"]["html_url"], f"{PUBLIC}/international/eurocities/")
        listing = self.client.get("/api/v2/pages/").json()
        self.assertTrue(all(item["meta"]["detail_url"].startswith(f"{PUBLIC}/api/v2/") for item in listing["items"]))

    @override_settings(WAGTAILADMIN_BASE_URL=PUBLIC)
    def test_approvers_email_links_to_the_page_at_the_address(self):
        log_in(self.client, self.editor)
        data = network_form(self.network, summary="Awaiting approval.")
        data["action-submit"] = "1"
        self.assertEqual(self.client.post(edit_url(self.network), data).status_code, 302)
        body = "\n".join(message.body for message in mail.outbox)
        self.assertIn(f"{PUBLIC}/admin/", body)
        self.assertNotIn("localhost", body)


def settings_value(module, name, **env):
    """A setting as ``module`` computes it in a fresh process under ``env``."""
    environment = {key: value for key, value in os.environ.items() if key not in {"SITE_URL", "WAGTAILADMIN_BASE_URL"}}
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    code = f"from django.conf import settings; print(settings.{name})"
    result = subprocess.run(  # noqa: S603 (our own interpreter and a fixed statement)
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_admin_links_default_to_site_url_in_development():
    assert settings_value("leedsnetworks.settings.dev", "WAGTAILADMIN_BASE_URL", SITE_URL="http://127.0.0.1:8311") == (
        "http://127.0.0.1:8311"
    )
    assert settings_value("leedsnetworks.settings.dev", "WAGTAILADMIN_BASE_URL") == "http://127.0.0.1:8000"


def test_admin_links_default_to_site_url_in_production(monkeypatch):
    module = load_production_settings(monkeypatch, **production_env(SITE_URL=f"{PUBLIC}/"))
    assert module.SITE_URL == PUBLIC
    assert module.WAGTAILADMIN_BASE_URL == PUBLIC
    module = load_production_settings(
        monkeypatch, **production_env(SITE_URL=PUBLIC, WAGTAILADMIN_BASE_URL="https://admin.example.org")
    )
    assert module.WAGTAILADMIN_BASE_URL == "https://admin.example.org"


def test_production_refuses_a_plain_http_site_url(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must start with https://"):
        load_production_settings(monkeypatch, **production_env(SITE_URL="http://international.leeds.gov.uk"))
