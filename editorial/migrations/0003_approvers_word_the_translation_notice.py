"""Let approvers add and change the translation notice (core.TranslationNotice), as they do site settings."""

from django.db import migrations

from editorial.roles import ensure_editorial_setup


def grant(apps, schema_editor):
    ensure_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_translators_may_submit_translations"),
        ("core", "0001_translation_notice"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
