from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from . import views


@hooks.register("register_admin_urls")
def admin_urls():
    return [
        path("pages/<int:page_id>/preview-links/", views.manage_links, name="previews_manage"),
        path("pages/<int:page_id>/preview-links/<int:link_id>/revoke/", views.revoke_link, name="previews_revoke"),
    ]


class PreviewLinksButton(PageMenuItem):
    label = "Preview links"
    icon_name = "link"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()

    @property
    def url(self):
        return reverse("previews_manage", args=[self.page.id])


@hooks.register("register_page_header_buttons")
def preview_links_button(page, user, view_name, next_url=None):
    yield PreviewLinksButton(page=page, priority=66)


@hooks.register("register_log_actions")
def log_actions(actions):
    actions.register_action(views.CREATE_ACTION, "Create preview link", "Preview link created")
    actions.register_action(views.REVOKE_ACTION, "Withdraw preview link", "Preview link withdrawn")
