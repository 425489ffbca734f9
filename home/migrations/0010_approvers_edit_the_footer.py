"""Let approvers add and change the footer (home.Footer), as they did its words in the site settings."""

from django.db import migrations

from editorial.roles import ensure_editorial_setup


def grant(apps, schema_editor):
    ensure_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0009_remove_settings_footer"),
        ("editorial", "0003_approvers_word_the_translation_notice"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
