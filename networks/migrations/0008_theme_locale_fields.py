# Themes become translatable (issue 11), in three steps as Wagtail's own
# migrations made pages translatable (wagtailcore 0055–0057): the fields, empty;
# the existing themes put in the default language; then the constraints.
# PostgreSQL cannot alter a table in the transaction that updated its rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0007_body_image_credit_and_new_blocks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="theme",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="theme",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
            ),
        ),
    ]
