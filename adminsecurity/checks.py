from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def two_factor_required_in_production(app_configs, **kwargs):
    """`manage.py check --deploy` fails if a deployment has switched two-factor sign-in off."""
    if getattr(settings, "ADMIN_TWO_FACTOR_REQUIRED", True) or settings.DEBUG:
        return []
    return [
        Error(
            "ADMIN_TWO_FACTOR_REQUIRED is False outside development.",
            hint="Approvers and administrators must use two-factor sign-in: leave ADMIN_TWO_FACTOR_REQUIRED True "
            "(only leedsnetworks/settings/dev.py switches it off).",
            id="adminsecurity.E001",
        )
    ]
