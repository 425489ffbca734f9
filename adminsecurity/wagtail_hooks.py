from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from . import urls


@hooks.register("register_admin_urls")
def register_two_factor_urls():
    return [path("two-factor/", include(urls, namespace="adminsecurity"))]


@hooks.register("register_account_menu_item")
def two_factor_account_menu_item(request):
    return {
        "url": reverse("adminsecurity:two_factor_manage"),
        "label": "Two-factor authentication",
        "help_text": "Set up an authenticator app and create recovery codes.",
    }


@hooks.register("register_user_listing_buttons")
def enrolment_code_button(user, request_user):
    """Users list › More › Issue enrolment code, for superusers (the view refuses anyone else)."""
    if request_user.is_superuser:
        url = reverse("adminsecurity:issue_enrolment_code", args=(user.pk,))
        yield ListingButton("Issue enrolment code", url, icon_name="key", priority=60)


class RecordPermissionPolicy(ModelPermissionPolicy):
    """Sign-in records are written by django-axes only: people may look, and unlock where allowed."""

    def __init__(self, model, allowed_actions):
        super().__init__(model)
        self.allowed_actions = set(allowed_actions)

    def user_has_permission(self, user, action):
        return action in self.allowed_actions and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a in self.allowed_actions])


# Deleting a lockout counter is how an administrator unlocks someone; the logs stay.
register_permission_policy(AccessAttempt, RecordPermissionPolicy(AccessAttempt, {"view", "delete"}))
register_permission_policy(AccessFailureLog, RecordPermissionPolicy(AccessFailureLog, {"view"}))
register_permission_policy(AccessLog, RecordPermissionPolicy(AccessLog, {"view"}))


class RecordViewSet(ModelViewSet):
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    ordering = ["-attempt_time"]
    # No add or edit forms: nobody writes these records by hand.
    form_fields = []

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in {"add", "edit"}]


class LockoutViewSet(RecordViewSet):
    model = AccessAttempt
    name = "lockouts"
    icon = "lock"
    menu_label = "Lockouts and failing sign-ins"
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    inspect_view_fields = ["username", "ip_address", "failures_since_start", "attempt_time", "user_agent", "path_info"]


class FailedSignInViewSet(RecordViewSet):
    model = AccessFailureLog
    name = "failed-sign-ins"
    icon = "warning"
    menu_label = "Failed sign-ins"
    list_display = ["username", "ip_address", "attempt_time", "locked_out"]
    inspect_view_fields = ["username", "ip_address", "attempt_time", "locked_out", "user_agent", "path_info"]


class SignInLogViewSet(RecordViewSet):
    model = AccessLog
    name = "sign-ins"
    icon = "user"
    menu_label = "Successful sign-ins"
    list_display = ["username", "ip_address", "attempt_time", "logout_time"]
    inspect_view_fields = ["username", "ip_address", "attempt_time", "logout_time", "user_agent"]


class SignInRecordsGroup(ViewSetGroup):
    menu_label = "Sign-in records"
    menu_icon = "lock"
    menu_order = 950
    items = (LockoutViewSet, FailedSignInViewSet, SignInLogViewSet)


@hooks.register("register_admin_viewset")
def register_sign_in_records():
    return SignInRecordsGroup()
