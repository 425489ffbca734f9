"""The communications team's admin: the review-dates dashboard panel, the guard against deleting live pages,
and workflow feedback on the edit page, and submitting a translation for approval
(translation.py)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.models import Page

from . import translation
from .feedback import approve_first, changes_requested_banner, say_approved_and_published
from .review import DUE_SOON_DAYS, pages_due_for_review

# Clear workflow feedback on the edit page (editorial/feedback.py).
hooks.register("before_edit_page", changes_requested_banner)
hooks.register("construct_page_action_menu", approve_first)
hooks.register("after_edit_page", say_approved_and_published)


class PagesDueForReviewPanel(Component):
    """Dashboard panel: pages the user can edit whose review is overdue or due soon."""

    name = "pages_due_for_review"
    template_name = "editorial/pages_due_for_review.html"
    # Above Wagtail's own "Your most recent edits" (250): what needs doing first.
    order = 150

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["due"] = pages_due_for_review(user=parent_context["request"].user)
        context["due_soon_days"] = DUE_SOON_DAYS
        return context


@hooks.register("construct_homepage_panels")
def add_pages_due_for_review_panel(request, panels):
    panels.append(PagesDueForReviewPanel())


LIVE_DELETE_REFUSED = (
    "“{title}” is live, or has live pages under it. Unpublish it first: visitors then stop seeing it "
    "at once, and it can be published again if that was a mistake. Deleting cannot be undone."
)


def _has_live_pages(page):
    return page.get_descendants(inclusive=True).live().exists()


# Wagtail lets anyone who may publish delete live pages in one step. The
# communications roles may not (only a superuser may): unpublishing comes first.
@hooks.register("before_delete_page")
def refuse_deleting_live_pages(request, page):
    if not request.user.is_superuser and _has_live_pages(page):
        messages.error(request, LIVE_DELETE_REFUSED.format(title=page.get_admin_display_title()))
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_live_pages(request, action_type, objects, action_class_instance):
    if action_type != "delete" or request.user.is_superuser:
        return None
    for page in objects:
        if isinstance(page, Page) and _has_live_pages(page):
            messages.error(request, LIVE_DELETE_REFUSED.format(title=page.get_admin_display_title()))
            return redirect(get_valid_next_url_from_request(request) or "wagtailadmin_home")
    return None


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path(
            "translations/<int:page_id>/submit/",
            translation.submit_translation_for_approval,
            name="editorial_submit_translation",
        )
    ]


hooks.register("register_page_header_buttons", translation.submit_button)
hooks.register("register_page_listing_more_buttons", translation.submit_button)
