from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def user_named(username):
    """The user a staff-support command names, or a CommandError that says there is none."""
    User = get_user_model()
    try:
        return User.objects.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(f"No user called '{username}'.") from None
