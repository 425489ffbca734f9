"""The communications team's groups, permissions, collection and approval workflow.

Runs on every database, production included. Page permissions and the
workflow go on any landing page that exists already; on a new database the
landing page comes later (seed_content or the admin) and networks.signals
grants them then. Pages published before review dates existed get one a year
after they were last published, so long-untouched pages show as overdue.
"""

from django.db import migrations

from editorial.review import years_after
from editorial.roles import ensure_editorial_setup, remove_editorial_setup


def forwards(apps, schema_editor):
    landing_ids = list(apps.get_model("networks", "InternationalStrategyPage").objects.values_list("pk", flat=True))
    ensure_editorial_setup(apps, section_page_ids=landing_ids)

    for model_name in ("InternationalStrategyPage", "NetworkPage"):
        model = apps.get_model("networks", model_name)
        for page in model.objects.filter(live=True, next_review_date__isnull=True, last_published_at__isnull=False):
            page.next_review_date = years_after(page.last_published_at.date())
            page.save(update_fields=["next_review_date"])


def backwards(apps, schema_editor):
    remove_editorial_setup(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0002_review_dates_logo_alt_required_body"),
        ("home", "0002_site_settings"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
