"""The user form's Roles tab says what each communications role may do.

Wagtail lists groups by name only. Its documented way to change the user
forms is a user viewset named by the ``wagtail.users`` app config
(``editorial.apps.UsersConfig`` in INSTALLED_APPS); these forms add the
descriptions from editorial/roles.py to the groups' checkboxes.
"""

from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from .roles import ROLE_DESCRIPTIONS, ROLES_HELP


def describe_group(group):
    description = ROLE_DESCRIPTIONS.get(group.name)
    return f"{group.name}: {description}" if description else group.name


class RolesFormMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = self.fields.get("groups")
        if groups is not None:
            groups.help_text = ROLES_HELP
            groups.label_from_instance = describe_group


class RolesUserCreationForm(RolesFormMixin, UserCreationForm):
    pass


class RolesUserEditForm(RolesFormMixin, UserEditForm):
    pass


class RolesUserViewSet(UserViewSet):
    def get_form_class(self, for_update=False):
        return RolesUserEditForm if for_update else RolesUserCreationForm
