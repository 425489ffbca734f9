from django.apps import AppConfig
from wagtail.users import apps as wagtail_users


class EditorialConfig(AppConfig):
    """The communications team: roles, the approval workflow, review dates and the admin's guard rails."""

    name = "editorial"
    verbose_name = "Editorial"


class UsersConfig(wagtail_users.WagtailUsersAppConfig):
    """Wagtail's users app, with a Roles tab that says what each role may do (editorial/users.py)."""

    user_viewset = "editorial.users.RolesUserViewSet"
    default = False  # "editorial" in INSTALLED_APPS still means EditorialConfig
