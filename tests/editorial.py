"""Helpers shared by the tests of staff work: users in each role, signed-in clients, and the pages' admin forms."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.factories import build_site
from tests.otp_helpers import force_login_verified

PASSWORD = "a-long-test-password-123"
# The names staff see in the admin (and the settings and docs use), written out so a rename fails a test.
EDITORS = "Communications editors"
APPROVERS = "Communications approvers"
WORKFLOW_NAME = "Communications approval"
COLLECTION_NAME = "International"


def log_in(client, user):
    """Sign the test client in as ``user``, past any second factor their role needs (not what these tests check)."""
    force_login_verified(client, user)


def signed_in_client(user):
    """A new test client signed in as ``user``, past any second factor."""
    client = Client()
    log_in(client, user)
    return client


def make_user(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(username, f"{username}@example.com", PASSWORD, **extra)
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user


def make_superuser(username="administrator"):
    return get_user_model().objects.create_superuser(username, f"{username}@example.com", PASSWORD)


def make_editor(username="editor"):
    return make_user(username, EDITORS)


def make_approver(username="approver"):
    return make_user(username, APPROVERS)


def published_network(landing, **fields):
    """A network page as an editor finds it: created and published through a revision."""
    from tests.factories import NetworkPageFactory

    page = NetworkPageFactory(parent=landing, **fields)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def network_form(page=None, themes=(), **overrides):
    """What the edit form posts for a network page: its current values, with ``overrides``.

    ``body`` may be a list of (block type, value) pairs or a StreamField form dict.
    """
    data = {
        "title": page.title if page else "Culture Next",
        "slug": page.slug if page else "culture-next",
        "summary": page.summary if page else "A network of European Capital of Culture candidates.",
        "body": [("paragraph", rich_text("<p>The network is made up of candidates.</p>"))],
        "website": page.website if page else "",
        "organisation": page.organisation if page else "",
        "leeds_role": page.leeds_role if page else "",
        "year_joined": "",
        "logo": "",
        "logo_alt_text": "",
        "next_review_date": "",
        "go_live_at": "",
        "expire_at": "",
        "key_facts": inline_formset([]),
        "local_partners": inline_formset([]),
        "search_description": "",
        "seo_title": "",
    }
    data.update(overrides)
    if isinstance(data["body"], list):
        data["body"] = streamfield(data["body"])
    if data.get("logo_decorative") is False:
        del data["logo_decorative"]  # an unticked checkbox posts nothing
    form_data = nested_form_data(data)
    if themes:
        form_data["themes"] = [str(theme.pk) for theme in themes]
    return form_data


def page_form(**fields):
    """What an edit form posts for a page with a body: ``fields`` with the common ones filled in."""
    data = {
        "body": [("paragraph", rich_text("<p>Words for the page.</p>"))],
        "next_review_date": "",
        "seo_title": "",
        "search_description": "",
        **fields,
    }
    if isinstance(data["body"], list):
        data["body"] = streamfield(data["body"])
    return nested_form_data(data)


def landing_form(**fields):
    defaults = {"title": "International strategy", "slug": "international", "introduction": "Leeds is a member."}
    return page_form(**{**defaults, **fields})


def home_form(**fields):
    defaults = {
        "title": "Home",
        "slug": "home",
        "heading": "Leeds international networks",
        "introduction": "Intro.",
        "featured_networks": inline_formset([]),
    }
    return page_form(**{**defaults, **fields})


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_network_url(landing):
    return reverse("wagtailadmin_pages:add", args=["networks", "networkpage", landing.pk])


def workflow_action_url(page, action):
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


class EditorialTestCase(WagtailTestUtils, TestCase):
    """The section as the team meets it: a published Eurocities page, an editor and an approver."""

    @classmethod
    def setUpTestData(cls):
        cls.home, cls.landing = build_site()
        cls.network = published_network(
            cls.landing, title="Eurocities", slug="eurocities", summary="The published summary."
        )
        cls.editor = make_editor()
        cls.approver = make_approver()
