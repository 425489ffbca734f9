# Site alerts become translatable (issue 11), in three steps as the themes did
# (networks 0008–0010) and Wagtail's own pages (wagtailcore 0055–0057): the
# fields, empty; the existing alerts put in the default language; then the
# constraints. PostgreSQL cannot alter a table in the transaction that updated its rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AddField(
            model_name="alert",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="alert",
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
