# Every existing alert is English (the default language): each gets a
# translation key and the default locale, as Wagtail's BootstrapTranslatableModel
# does, and so does each of its stored revisions: publishing or reverting to a
# revision saved before this migration would otherwise save an alert with no locale.

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import bootstrap_translatable_model


def put_alerts_in_the_default_language(apps, schema_editor):
    Alert = apps.get_model("alerts", "Alert")
    if not Alert.objects.filter(translation_key__isnull=True).exists():
        return
    Locale = apps.get_model("wagtailcore", "Locale")
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    bootstrap_translatable_model(Alert, locale)
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    alert_type = ContentType.objects.filter(app_label="alerts", model="alert").first()
    if alert_type is None:
        return
    keys = dict(Alert.objects.values_list("pk", "translation_key"))
    for revision in Revision.objects.filter(base_content_type=alert_type).iterator():
        key = keys.get(int(revision.object_id))
        if key is None or revision.content.get("translation_key"):
            continue
        revision.content["translation_key"] = str(key)
        revision.content["locale"] = locale.pk
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0002_alert_locale_fields"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(put_alerts_in_the_default_language, migrations.RunPython.noop),
    ]
