from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def admin_support_contact():
    return getattr(settings, "ADMIN_SUPPORT_CONTACT", "a Wagtail administrator")


@register.simple_tag
def admin_site_name():
    return getattr(settings, "WAGTAIL_SITE_NAME", "Wagtail")


@register.filter
def lockout_duration(value):
    """A timedelta in words: "30 minutes", "1 hour", "1 hour 30 minutes"."""
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if minutes or not parts:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)
