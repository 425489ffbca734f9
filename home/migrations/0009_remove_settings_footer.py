# Step 3 of 3: footer links belong to a footer only; the site settings keep the contact details.

import django.db.models.deletion
import modelcluster.fields
import uuid
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0008_move_footer_into_snippet"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RemoveField(model_name="footerlink", name="settings"),
        migrations.RemoveField(model_name="sitesettings", name="team_name"),
        migrations.AlterField(
            model_name="footerlink",
            name="footer",
            field=modelcluster.fields.ParentalKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="links", to="home.footer"
            ),
        ),
        migrations.AlterField(
            model_name="footerlink",
            name="locale",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="wagtailcore.locale",
                verbose_name="locale",
            ),
        ),
        migrations.AlterField(
            model_name="footerlink",
            name="translation_key",
            field=models.UUIDField(default=uuid.uuid4, editable=False),
        ),
        migrations.AlterUniqueTogether(name="footerlink", unique_together={("translation_key", "locale")}),
        migrations.AlterModelOptions(
            name="footerlink",
            options={"ordering": ["sort_order"], "verbose_name": "footer link"},
        ),
        migrations.AlterField(
            model_name="footerlink",
            name="page",
            field=models.ForeignKey(
                blank=True,
                help_text="A page on this site (each language's footer links to the page in its own language where there is one)…",
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="wagtailcore.page",
            ),
        ),
    ]
