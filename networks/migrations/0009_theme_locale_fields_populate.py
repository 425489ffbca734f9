# Every existing theme is English (the default language): each gets a
# translation key and the default locale, as Wagtail's BootstrapTranslatableModel
# does. The locale is made if missing, which Wagtail's operation would not do.

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import bootstrap_translatable_model


def put_themes_in_the_default_language(apps, schema_editor):
    Theme = apps.get_model("networks", "Theme")
    if not Theme.objects.filter(translation_key__isnull=True).exists():
        return
    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    bootstrap_translatable_model(Theme, locale)


class Migration(migrations.Migration):
    dependencies = [
        ("networks", "0008_theme_locale_fields"),
    ]

    operations = [
        migrations.RunPython(put_themes_in_the_default_language, migrations.RunPython.noop),
    ]
