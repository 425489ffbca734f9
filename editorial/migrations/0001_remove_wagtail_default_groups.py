"""Remove Wagtail's default "Editors" and "Moderators" groups on every database.

Wagtail's own migrations create them with page rights on the root page, and
"Moderators" may publish: ticking either on a user's Roles tab would let that
user edit or publish past the communications approval workflow. Only the two
communications groups (editorial.roles) may hold page permissions, and only
approvers may publish. Users in the removed groups lose only that membership.
Wagtail's default "Moderators approval" task is left in place with no group:
only superusers can act on it.
"""

from django.db import migrations

WAGTAIL_DEFAULT_GROUPS = ["Editors", "Moderators"]


def remove_default_groups(apps, schema_editor):
    # Deleting a group deletes its page and collection permissions, its
    # memberships and its place on approval tasks with it (cascades).
    apps.get_model("auth", "Group").objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0003_communications_roles_and_workflow"),
        ("home", "0002_site_settings"),
        ("standardpages", "0001_initial"),
        ("reports", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # Not reversible into the old state on purpose: re-creating groups that
    # bypass approval is never wanted; reversing leaves them absent.
    operations = [migrations.RunPython(remove_default_groups, migrations.RunPython.noop)]
