"""Give both communications groups wagtail-localize's "Can submit translations" (issue 11).

Editors translate pages as they write them; approvers still publish. The page
permissions on each translated landing page come with it when it is created
(networks/signals.py), so only the model permission is added here.
"""

from django.db import migrations

from editorial.roles import ensure_editorial_setup


def grant(apps, schema_editor):
    ensure_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_remove_wagtail_default_groups"),
        # Its migration makes the permission row (and a content type to hang it on).
        ("wagtail_localize", "0006_create_submit_translation_permission"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
