"""The two communications roles, through the logged-in admin: what each may and may not do."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupPagePermission, Page, Workflow, WorkflowPage

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage, Theme
from reports.models import ReportProblemPage
from standardpages.models import InformationPage
from tests.editorial import (
    APPROVERS,
    COLLECTION_NAME,
    EDITORS,
    WORKFLOW_NAME,
    EditorialTestCase,
    add_network_url,
    edit_url,
    log_in,
    make_approver,
    make_editor,
    network_form,
)
from tests.factories import ThemeFactory, seed_site

PROJECT = Path(__file__).resolve().parents[1]


class MigrationTests(TestCase):
    """What the data migration leaves on every database, before any page exists."""

    def test_groups_workflow_and_collection_exist_after_migrate(self):
        editors = Group.objects.get(name=EDITORS)
        approvers = Group.objects.get(name=APPROVERS)
        self.assertTrue(editors.permissions.filter(codename="access_admin").exists())
        self.assertTrue(approvers.permissions.filter(codename="access_admin").exists())
        self.assertTrue(approvers.permissions.filter(codename="change_sitesettings").exists())
        self.assertFalse(editors.permissions.filter(codename="change_sitesettings").exists())

        workflow = Workflow.objects.get(name=WORKFLOW_NAME)
        self.assertTrue(workflow.active)
        [task] = [t.specific for t in workflow.tasks]
        self.assertEqual(list(task.groups.all()), [approvers])
        self.assertTrue(Collection.objects.filter(name=COLLECTION_NAME, depth=2).exists())


class SeedGrantsTheSectionTests(TestCase):
    def test_seed_puts_landing_page_under_the_roles_and_workflow_and_second_run_adds_nothing(self):
        seed_site()
        landing = InternationalStrategyPage.objects.get()
        granted = set(
            GroupPagePermission.objects.filter(page=landing).values_list("group__name", "permission__codename")
        )
        self.assertEqual(
            granted,
            {
                (EDITORS, "add_page"),
                (EDITORS, "change_page"),
                (APPROVERS, "add_page"),
                (APPROVERS, "change_page"),
                (APPROVERS, "publish_page"),
                (APPROVERS, "lock_page"),
                (APPROVERS, "unlock_page"),
            },
        )
        self.assertEqual(WorkflowPage.objects.get(page=landing).workflow.name, WORKFLOW_NAME)
        # Every network page is covered through the landing page.
        for network in NetworkPage.objects.all():
            self.assertEqual(network.get_workflow().name, WORKFLOW_NAME)

        counts = (GroupPagePermission.objects.count(), Group.objects.count(), Workflow.objects.count())
        seed_site()
        self.assertEqual((GroupPagePermission.objects.count(), Group.objects.count(), Workflow.objects.count()), counts)

    def test_seed_gives_the_team_the_legal_pages_under_the_workflow(self):
        seed_site()
        editor = make_editor()
        log_in(self.client, editor)
        statement = InformationPage.objects.get(slug="accessibility-statement")
        for page in [statement, ReportProblemPage.objects.get()]:
            self.assertEqual(page.get_workflow().name, WORKFLOW_NAME)
            response = self.client.get(edit_url(page))
            self.assertEqual(response.status_code, 200)
            # Editors submit changes to the statement for approval; they cannot publish them.
            self.assertContains(response, 'name="action-submit"')
            self.assertNotContains(response, 'name="action-publish"')
        # The home page too, under the same workflow (issue 13).
        home = HomePage.objects.get()
        self.assertEqual(home.get_workflow().name, WORKFLOW_NAME)
        self.assertContains(self.client.get(edit_url(home)), 'name="action-submit"')


def test_a_new_database_built_like_make_run_has_the_groups_and_workflow(tmp_path):
    """`make run` = migrate + seed_content on a new database; check the result from outside."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.dev",
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, str(PROJECT / "manage.py")]
    for command in (["migrate", "--noinput"], ["seed_content"]):
        subprocess.run(manage + command, cwd=PROJECT, env=env, check=True, capture_output=True, timeout=300)  # noqa: S603
    probe = (
        "from django.contrib.auth.models import Group; from wagtail.models import Workflow;"
        "from networks.models import NetworkPage;"
        "print(sorted(Group.objects.filter(name__startswith='Communications').values_list('name', flat=True)));"
        "print({p.get_workflow().name for p in NetworkPage.objects.all()})"
    )
    out = subprocess.run(  # noqa: S603
        manage + ["shell", "-c", probe], cwd=PROJECT, env=env, check=True, capture_output=True, text=True, timeout=120
    ).stdout
    assert f"['{APPROVERS}', '{EDITORS}']" in out
    assert f"{{'{WORKFLOW_NAME}'}}" in out


class PermissionMatrixTests(EditorialTestCase):
    def public_text(self):
        self.client.logout()
        return self.client.get(self.network.url).content.decode()

    # Editors

    def test_editor_reaches_admin_and_opens_network_edit_view(self):
        log_in(self.client, self.editor)
        self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
        response = self.client.get(edit_url(self.network))
        self.assertEqual(response.status_code, 200)
        # Offered "Submit for approval", never "Publish".
        self.assertContains(response, 'name="action-submit"')
        self.assertNotContains(response, 'name="action-publish"')

    def test_editor_can_edit_the_landing_page(self):
        log_in(self.client, self.editor)
        self.assertEqual(self.client.get(edit_url(self.landing)).status_code, 200)

    def test_editor_adds_a_network_under_the_landing_page_as_a_draft(self):
        log_in(self.client, self.editor)
        response = self.client.post(add_network_url(self.landing), network_form())
        self.assertEqual(response.status_code, 302)
        page = NetworkPage.objects.get(slug="culture-next")
        self.assertEqual(page.get_parent().pk, self.landing.pk)
        self.assertFalse(page.live)
        self.assertEqual(page.owner, self.editor)

    def test_editor_cannot_add_pages_elsewhere(self):
        log_in(self.client, self.editor)
        url = reverse("wagtailadmin_pages:add", args=["networks", "networkpage", self.home.pk])
        self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_editor_publish_is_refused_and_live_page_unchanged(self):
        log_in(self.client, self.editor)
        data = network_form(self.network, summary="An editor's unapproved summary.")
        data["action-publish"] = "1"
        self.client.post(edit_url(self.network), data)

        network = NetworkPage.objects.get(pk=self.network.pk)
        self.assertEqual(network.live_revision_id, self.network.live_revision_id)
        self.assertEqual(network.summary, "The published summary.")
        # Kept as a draft, not lost, and not shown to the public.
        self.assertEqual(network.get_latest_revision_as_object().summary, "An editor's unapproved summary.")
        public = self.public_text()
        self.assertIn("The published summary.", public)
        self.assertNotIn("unapproved", public)

    def test_editor_cannot_unpublish_or_delete_a_live_page(self):
        log_in(self.client, self.editor)
        unpublish = reverse("wagtailadmin_pages:unpublish", args=[self.network.pk])
        delete = reverse("wagtailadmin_pages:delete", args=[self.network.pk])
        for url in (unpublish, delete):
            self.assertNotEqual(self.client.get(url).status_code, 200, url)
            self.client.post(url)
        self.assertTrue(Page.objects.get(pk=self.network.pk).live)

    def test_editor_can_delete_own_unpublished_draft(self):
        log_in(self.client, self.editor)
        self.client.post(add_network_url(self.landing), network_form())
        draft = NetworkPage.objects.get(slug="culture-next")
        self.client.post(reverse("wagtailadmin_pages:delete", args=[draft.pk]))
        self.assertFalse(NetworkPage.objects.filter(pk=draft.pk).exists())

    def test_editor_cannot_lock_a_page(self):
        log_in(self.client, self.editor)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.network.pk]))
        self.assertFalse(Page.objects.get(pk=self.network.pk).locked)

    def test_editor_is_refused_users_groups_sites_and_settings(self):
        log_in(self.client, self.editor)
        for url in (
            reverse("wagtailusers_users:index"),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailsites:index"),
            reverse("wagtailsettings:edit", args=["home", "sitesettings"]),
            reverse("wagtailredirects:index"),
            reverse("wagtailadmin_workflows:index"),
        ):
            response = self.client.get(url, follow=True)
            self.assertEqual(response.redirect_chain[-1][0], reverse("wagtailadmin_home"), url)
            self.assertContains(response, "do not have permission")

    def test_editor_manages_themes_but_cannot_delete_one(self):
        theme = ThemeFactory(name="Culture", slug="culture")
        log_in(self.client, self.editor)
        response = self.client.post(
            reverse("wagtailsnippets_networks_theme:add"), {"name": "Housing", "slug": "housing", "description": ""}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Theme.objects.filter(slug="housing").exists())
        self.client.post(reverse("wagtailsnippets_networks_theme:delete", args=[theme.pk]))
        self.assertTrue(Theme.objects.filter(pk=theme.pk).exists())

    def test_editor_uploads_images_only_into_the_international_collection(self):
        international = Collection.objects.get(name=COLLECTION_NAME)
        log_in(self.client, self.editor)
        response = self.client.get(reverse("wagtailimages:add"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.client.get(reverse("wagtaildocs:add_multiple")).status_code, 200)
        upload = SimpleUploadedFile("logo.png", get_test_image_file().file.getvalue(), content_type="image/png")
        response = self.client.post(
            reverse("wagtailimages:add"),
            {
                "title": "Eurocities logo",
                "description": "Eurocities in blue capitals",
                "file": upload,
                "collection": international.pk,
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Image.objects.get(title="Eurocities logo").collection, international)

        upload = SimpleUploadedFile("other.png", get_test_image_file().file.getvalue(), content_type="image/png")
        root = Collection.get_first_root_node()
        self.client.post(
            reverse("wagtailimages:add"),
            {"title": "Elsewhere", "description": "A street in Leeds", "file": upload, "collection": root.pk},
        )
        self.assertFalse(Image.objects.filter(title="Elsewhere", collection=root).exists())

    # Approvers

    def test_approver_publishes(self):
        log_in(self.client, self.approver)
        data = network_form(self.network, summary="An approved summary.")
        data["action-publish"] = "1"
        response = self.client.post(edit_url(self.network), data)
        self.assertEqual(response.status_code, 302)
        self.assertIn("An approved summary.", self.public_text())

    def test_approver_unpublishes_locks_and_unlocks(self):
        log_in(self.client, self.approver)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.network.pk]))
        self.assertTrue(Page.objects.get(pk=self.network.pk).locked)
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[self.network.pk]))
        self.assertFalse(Page.objects.get(pk=self.network.pk).locked)
        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.network.pk]))
        self.assertFalse(Page.objects.get(pk=self.network.pk).live)
        self.assertEqual(self.client.get(self.network.url).status_code, 404)

    def test_approver_unlocks_a_page_an_editor_cannot(self):
        other = make_approver("other-approver")
        log_in(self.client, other)
        self.client.post(reverse("wagtailadmin_pages:lock", args=[self.network.pk]))
        log_in(self.client, self.approver)
        self.client.post(reverse("wagtailadmin_pages:unlock", args=[self.network.pk]))
        self.assertFalse(Page.objects.get(pk=self.network.pk).locked)

    def test_approver_edits_site_settings_but_not_users_groups_or_sites(self):
        log_in(self.client, self.approver)
        response = self.client.get(reverse("wagtailsettings:edit", args=["home", "sitesettings"]), follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Contact details")
        for url in (
            reverse("wagtailusers_users:index"),
            reverse("wagtailusers_groups:index"),
            reverse("wagtailsites:index"),
        ):
            response = self.client.get(url, follow=True)
            self.assertEqual(response.redirect_chain[-1][0], reverse("wagtailadmin_home"), url)

    def test_approver_deletes_a_theme(self):
        theme = ThemeFactory(name="Culture", slug="culture")
        log_in(self.client, self.approver)
        self.client.post(reverse("wagtailsnippets_networks_theme:delete", args=[theme.pk]))
        self.assertFalse(Theme.objects.filter(pk=theme.pk).exists())

    def test_approver_must_unpublish_before_deleting(self):
        log_in(self.client, self.approver)
        delete = reverse("wagtailadmin_pages:delete", args=[self.network.pk])
        response = self.client.post(delete, follow=True)
        self.assertContains(response, "Unpublish it first")
        self.assertTrue(Page.objects.filter(pk=self.network.pk, live=True).exists())

        self.client.post(reverse("wagtailadmin_pages:unpublish", args=[self.network.pk]))
        self.client.post(delete)
        self.assertFalse(Page.objects.filter(pk=self.network.pk).exists())

    def test_approver_bulk_delete_of_live_pages_is_refused(self):
        log_in(self.client, self.approver)
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        self.client.post(f"{url}?id={self.network.pk}")
        self.assertTrue(Page.objects.filter(pk=self.network.pk, live=True).exists())
