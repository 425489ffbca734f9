"""Reusable contact details: a contact snippet written once, chosen on network and information pages;
the site settings' details stay the default (issue 13, item 4)."""

import re

import pytest
from django.urls import reverse
from wagtail.models import Locale

from contacts.models import Contact
from home.models import Footer, SiteSettings
from networks.models import NetworkPage
from standardpages.models import InformationPage
from tests.cache_checks import fetch
from tests.editorial import (
    edit_url,
    make_approver,
    make_editor,
    network_form,
    page_form,
    signed_in_client,
)
from tests.factories import translate


@pytest.fixture
def site_contact(seeded):
    footer = Footer.objects.get(locale=Locale.get_default())  # the team's name is the footer's (home.Footer)
    footer.team_name = "International relations team"
    footer.save()
    settings = SiteSettings.load()
    settings.contact_email = "international@leeds.gov.uk"
    settings.save()
    return settings


def published_contact(**fields):
    values = {
        "team_name": "Eurocities project team",
        "contact_email": "eurocities@leeds.gov.uk",
        "phone": "0113 378 1234",
    }
    values.update(fields)
    contact = Contact.objects.create(live=False, **values)
    contact.save_revision().publish()
    return Contact.objects.get(pk=contact.pk)


def contact_form(**overrides):
    return {
        "team_name": "Culture team",
        "contact_email": "culture@leeds.gov.uk",
        "phone": "0113 222 4444",
        "postal_address": "Civic Hall\nLeeds\nLS1 1UR",
        **overrides,
    }


def approve(client, obj, url_name):
    task_state = obj.current_workflow_task_state
    return client.post(reverse(url_name, args=[obj.pk, "approve", task_state.pk]), {"comment": ""})


def test_editor_writes_a_contact_and_an_approver_publishes_it(seeded):
    as_editor = signed_in_client(make_editor())
    response = as_editor.post(reverse("wagtailsnippets_contacts_contact:add"), {**contact_form(), "action-submit": "1"})
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert not contact.live and contact.workflow_in_progress

    approve(signed_in_client(make_approver()), contact, "wagtailsnippets_contacts_contact:workflow_action")
    contact.refresh_from_db()
    assert contact.live
    # Ready for wagtail-localize: in the default locale, with a key its translations will share.
    assert contact.locale == Locale.get_default()
    assert contact.translation_key


def test_a_bad_phone_number_is_refused_with_a_message(seeded):
    as_editor = signed_in_client(make_editor())
    response = as_editor.post(
        reverse("wagtailsnippets_contacts_contact:add"), {**contact_form(phone="call us"), "action-submit": "1"}
    )
    assert response.status_code == 200
    assert "Enter a phone number using digits" in response.content.decode()
    assert not Contact.objects.exists()


def test_editor_picks_a_contact_for_a_network_page_and_visitors_see_it(site_contact, client):
    contact = published_contact()
    network = NetworkPage.objects.live().first()
    assert "International relations team" in client.get(network.url).content.decode()

    as_editor = signed_in_client(make_editor())
    response = as_editor.post(edit_url(network), {**network_form(network), "contact": contact.pk, "action-submit": "1"})
    assert response.status_code == 302
    network = NetworkPage.objects.get(pk=network.pk)
    approve(signed_in_client(make_approver()), network, "wagtailadmin_pages:workflow_action")

    html = client.get(network.url).content.decode()
    assert "Contact us about this network" in html
    assert "Eurocities project team" in html
    assert '<a href="tel:01133781234">0113 378 1234</a>' in html
    # The footer still gives the site's own details.
    assert "International relations team" in html


def test_the_site_settings_stay_the_default_and_an_unpublished_contact_is_not_shown(site_contact, client):
    contact = published_contact()
    network = NetworkPage.objects.live().first()
    network.contact = contact
    network.save_revision().publish()
    assert "Eurocities project team" in client.get(network.url).content.decode()

    contact.unpublish()
    html = client.get(network.url).content.decode()
    assert "Eurocities project team" not in html
    assert html.count("International relations team") == 2  # the page's contact block and the footer


def test_information_page_shows_its_chosen_contact_only(site_contact, client):
    # Not the accessibility statement: it shows the team's contact section of its own (show_contact_details).
    page = InformationPage.objects.live().filter(show_contact_details=False).first()
    assert 'id="contact-heading"' not in client.get(page.url).content.decode()

    contact = published_contact(team_name="Data protection team", contact_email="dpo@leeds.gov.uk")
    as_approver = signed_in_client(make_approver())
    response = as_approver.post(
        edit_url(page),
        {
            **page_form(title=page.title, slug=page.slug, introduction=page.introduction),
            "contact": contact.pk,
            "action-publish": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    html = client.get(page.url).content.decode()
    assert '<h2 id="contact-heading">Contact</h2>' in html
    assert "Data protection team" in html
    assert "dpo@leeds.gov.uk" in html


def test_a_chosen_contact_adds_no_query(site_contact, client, settings):
    settings.PAGECACHE_ENABLED = False
    network = NetworkPage.objects.live().first()
    client.get(network.url)
    _, without = fetch(client, network.url)
    network.contact = published_contact()
    network.save_revision().publish()
    client.get(network.url)
    response, with_contact = fetch(client, network.url)
    assert "Eurocities project team" in response.content.decode()
    assert with_contact == without


def contact_block(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    start = html.find('<section class="contact-block"')
    return html[start : html.index("</section>", start)] if start >= 0 else ""


def test_a_translated_page_shows_the_contact_its_english_page_chose_in_its_own_language(client, seeded, settings):
    # The English page chooses a contact after it was translated: wagtail-localize
    # cannot carry the choice to the French page until the contact is translated
    # (it skips it silently), yet French visitors must still see whom to contact.
    settings.PAGECACHE_ENABLED = False
    english = NetworkPage.objects.get(slug="eurocities")
    french_page = translate(english, "fr")
    contact = published_contact(postal_address="Civic Hall\nLeeds")
    english.contact = contact
    english.save_revision().publish()
    assert NetworkPage.objects.get(pk=french_page.pk).contact_id is None
    block = contact_block(client, "/fr/international/eurocities/")
    assert '<p class="contact-details__team" lang="en-GB">Eurocities project team</p>' in block
    assert 'href="mailto:eurocities@leeds.gov.uk"' in block
    assert "E-mail\u00a0:" in block

    # Once the contact is translated and published, French visitors read it in French.
    french = contact.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.team_name = "Équipe du projet Eurocities"
    french.save()
    french.save_revision().publish()
    block = contact_block(client, "/fr/international/eurocities/")
    assert '<p class="contact-details__team">Équipe du projet Eurocities</p>' in block
    # The English page is unchanged, and an unpublished contact shows nowhere.
    assert '<p class="contact-details__team">Eurocities project team</p>' in contact_block(client, english.url)
    # Even once the French page points at the French contact (a sync), the English choice decides.
    NetworkPage.objects.filter(pk=french_page.pk).update(contact=french)
    Contact.objects.filter(pk=contact.pk).update(live=False)
    Contact.objects.get(pk=french.pk).save()  # any snippet save starts a new cache generation
    assert "Eurocities project team" not in contact_block(client, "/fr/international/eurocities/")
    assert "Équipe du projet Eurocities" not in contact_block(client, "/fr/international/eurocities/")


def chooser_url_in(response):
    """The contact chooser's modal address, as the page's edit form gives it to Wagtail's JavaScript."""
    base = re.escape(reverse("wagtailsnippetchoosers_contacts_contact:choose"))
    return re.search(base + r'[^"\\&]*', response.content.decode()).group()


def test_the_contact_chooser_opens_on_the_page_language_and_still_offers_all(seeded):
    # Every contact has a row per language: with "All", an English page's chooser listed the
    # French team too, and picking it put French on the English page.
    english = published_contact()
    french = english.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.team_name = "Équipe du projet Eurocities"
    french.save()
    french.save_revision().publish()
    client = signed_in_client(make_editor())

    network = NetworkPage.objects.get(slug="eurocities", locale=Locale.get_default())
    url = chooser_url_in(client.get(edit_url(network)))
    assert url.endswith(f"?locale={Locale.get_default().language_code}")
    listing = client.get(url).json()["html"]
    assert "Eurocities project team" in listing
    assert "Équipe du projet Eurocities" not in listing
    # The filter shows which language is listed, and can be changed.
    assert f'<option value="{Locale.get_default().language_code}" selected>' in listing

    # A new page in French opens on French; "All" still lists both.
    french_landing = translate(network.get_parent().specific, "fr")
    add = reverse("wagtailadmin_pages:add", args=["networks", "networkpage", french_landing.pk])
    url = chooser_url_in(client.get(add))
    assert url.endswith("?locale=fr")
    listing = client.get(url).json()["html"]
    assert "Équipe du projet Eurocities" in listing and "Eurocities project team" not in listing
    everything = client.get(url.replace("locale=fr", "locale=")).json()["html"]
    assert "Équipe du projet Eurocities" in everything and "Eurocities project team" in everything
