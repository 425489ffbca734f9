"""The communications team edits the home page and adds information pages under it, through the workflow.

Before, the groups' page permissions and the approval workflow sat on the
international strategy page and on each legal page and the report form, so
editors could not add an information page or edit the home page. Granting them
on the home page covers every page on the site (what was granted before stays).
"""

from django.db import migrations

from editorial.roles import ensure_editorial_setup


def forwards(apps, schema_editor):
    home_ids = list(apps.get_model("home", "HomePage").objects.values_list("pk", flat=True))
    if home_ids:
        ensure_editorial_setup(apps, section_page_ids=home_ids)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_site_settings"),
        ("editorial", "0001_remove_wagtail_default_groups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
