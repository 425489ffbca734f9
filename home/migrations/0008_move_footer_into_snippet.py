# Step 2 of 3: the site settings' team name and footer links become the English footer.
# Backwards, the English footer goes back into the site settings; translations
# of it are dropped (the site settings had no place for them).

import uuid

from django.conf import settings
from django.db import migrations
from wagtail.coreutils import get_supported_content_language_variant


def _default_locale(apps):
    Locale = apps.get_model("wagtailcore", "Locale")
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=code)
    return locale


def settings_to_footer(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    Footer = apps.get_model("home", "Footer")
    FooterLink = apps.get_model("home", "FooterLink")
    site_settings = SiteSettings.objects.order_by("pk").first()
    links = FooterLink.objects.filter(settings__isnull=False).order_by("sort_order", "pk")
    if site_settings is None or not (site_settings.team_name or links.exists()):
        return
    locale = _default_locale(apps)
    footer = Footer.objects.filter(locale=locale).first()
    if footer is None:
        footer = Footer.objects.create(locale=locale, translation_key=uuid.uuid4(), team_name=site_settings.team_name)
    for link in links:
        link.footer = footer
        link.locale = locale
        link.translation_key = uuid.uuid4()
        link.settings = None
        link.save()


def footer_to_settings(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    Footer = apps.get_model("home", "Footer")
    FooterLink = apps.get_model("home", "FooterLink")
    locale = _default_locale(apps)
    footer = Footer.objects.filter(locale=locale).first()
    FooterLink.objects.exclude(footer=footer).delete()
    Footer.objects.exclude(locale=locale).delete()
    if footer is None:
        return
    site_settings = SiteSettings.objects.order_by("pk").first() or SiteSettings.objects.create()
    site_settings.team_name = footer.team_name
    site_settings.save()
    FooterLink.objects.filter(footer=footer).update(settings=site_settings, footer=None)
    footer.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0007_footer"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(settings_to_footer, footer_to_settings)]
