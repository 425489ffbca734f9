# The footer's words move from the site settings into a translatable snippet (issue 11).
# Step 1 of 3: the Footer table, and footer links given a footer, a locale and a
# translation key beside their old settings key (filled in by 0008).

import django.db.models.deletion
import modelcluster.fields
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0006_body_image_credit_and_new_blocks"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="Footer",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("translation_key", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "team_name",
                    models.CharField(
                        blank=True,
                        help_text="The team visitors can contact about this section, for example “International relations team”. Shown above the contact details in the site settings.",
                        max_length=120,
                    ),
                ),
                (
                    "locale",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.locale",
                        verbose_name="locale",
                    ),
                ),
            ],
            options={
                "verbose_name": "footer",
                "abstract": False,
                "unique_together": {("translation_key", "locale")},
            },
        ),
        migrations.AlterField(
            model_name="footerlink",
            name="settings",
            field=modelcluster.fields.ParentalKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="footer_links",
                to="home.sitesettings",
            ),
        ),
        migrations.AddField(
            model_name="footerlink",
            name="footer",
            field=modelcluster.fields.ParentalKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="links", to="home.footer"
            ),
        ),
        migrations.AddField(
            model_name="footerlink",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AddField(
            model_name="footerlink",
            name="translation_key",
            field=models.UUIDField(editable=False, null=True),
        ),
    ]
