"""Only the communications roles edit pages, and only approvers publish: on every database.

Wagtail's migrations create "Editors" and "Moderators" with page rights on the
root page ("Moderators" may publish). Ticking either on a user's Roles tab
would skip the approval workflow, so editorial's migration removes them.
"""

import importlib
import io

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page

from editorial.roles import APPROVERS, EDITORS
from tests.editorial import make_user


def assert_only_the_communications_roles_hold_page_rights(test):
    """For every group that exists: page permissions only for the two roles, publishing only for approvers."""
    groups = list(Group.objects.all())
    test.assertTrue(groups)
    for group in groups:
        codenames = set(GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True))
        with test.subTest(group=group.name):
            if group.name not in (EDITORS, APPROVERS):
                test.assertEqual(codenames, set(), f"{group.name} holds page permissions")
            if group.name != APPROVERS:
                test.assertNotIn("publish_page", codenames)
    publishers = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list("group__name", flat=True)
    )
    test.assertLessEqual(publishers, {APPROVERS})


class DefaultGroupsTests(TestCase):
    def test_wagtail_default_groups_are_gone_after_migrate(self):
        self.assertFalse(Group.objects.filter(name__in=["Editors", "Moderators"]).exists())

    def test_after_migrate_and_seed_only_the_roles_hold_page_rights(self):
        call_command("seed_content", stdout=io.StringIO())
        assert_only_the_communications_roles_hold_page_rights(self)
        self.assertTrue(GroupPagePermission.objects.filter(group__name=APPROVERS, permission__codename="publish_page"))

    def test_the_migration_removes_the_groups_from_a_database_that_still_has_them(self):
        """As on a database migrated before: the groups hold rights on the root and a user is in one."""
        root = Page.get_first_root_node()
        moderators = Group.objects.create(name="Moderators")
        editors = Group.objects.create(name="Editors")
        for group, codenames in ((moderators, ["add_page", "change_page", "publish_page"]), (editors, ["change_page"])):
            for codename in codenames:
                GroupPagePermission.objects.create(
                    group=group, page=root, permission=Permission.objects.get(codename=codename)
                )
        moderators.permissions.add(Permission.objects.get(codename="access_admin"))
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.add(moderators)
        user = make_user("old-moderator", "Moderators")
        page = root.get_children().first()  # the root itself is never published
        self.assertTrue(page.permissions_for_user(user).can_publish())

        migration = importlib.import_module("editorial.migrations.0001_remove_wagtail_default_groups")
        migration.remove_default_groups(apps, None)

        self.assertFalse(Group.objects.filter(name__in=["Editors", "Moderators"]).exists())
        user = type(user).objects.get(pk=user.pk)  # a fresh object: no cached permissions
        self.assertFalse(user.groups.exists())
        self.assertFalse(page.permissions_for_user(user).can_publish())
        self.assertFalse(task.groups.exists())
        assert_only_the_communications_roles_hold_page_rights(self)
