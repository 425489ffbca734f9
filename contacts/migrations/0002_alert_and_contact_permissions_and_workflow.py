"""Let the communications roles write (editors) and publish (approvers) site alerts and contacts,
through the same approval workflow as pages (editorial/roles.py)."""

from django.db import migrations

from editorial.roles import ensure_editorial_setup


def grant(apps, schema_editor):
    ensure_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0001_initial"),
        ("alerts", "0001_initial"),
        ("networks", "0003_communications_roles_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
