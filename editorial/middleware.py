"""What an approver is told after a workflow action taken outside the edit form (the dashboard's buttons).

Wagtail's workflow action view says nothing after "Approve" or "Request
changes", and an approval refused by ``editorial.approval.publish_after_checks``
would be an error page. This middleware adds the messages, around Wagtail's
view rather than in a copy of it.
"""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin import messages
from wagtail.models import Page, TaskState, WorkflowState

from .approval import ApprovalRefused

WORKFLOW_ACTION_VIEW = "wagtailadmin_pages:workflow_action"


def refused_response(request, refused):
    """Tell the approver what stops the page going live, on its edit form where it can be fixed."""
    title = refused.page.get_admin_display_title()
    messages.error(
        request,
        _("“%(title)s” was not approved: fix these first, then approve again. %(problems)s")
        % {"title": title, "problems": " ".join(refused.problems)},
    )
    url = reverse("wagtailadmin_pages:edit", args=[refused.page.pk])
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        # "Approve with comment" posts from a modal, which follows this redirect.
        return JsonResponse({"step": "success", "redirect": url})
    return redirect(url)


def outcome_message(request, match):
    """After a dashboard workflow action: say what happened (Wagtail says nothing)."""
    task_state = TaskState.objects.filter(pk=match.kwargs.get("task_state_id")).select_related("workflow_state").first()
    page = Page.objects.filter(pk=match.kwargs.get("page_id")).first()
    if task_state is None or page is None:
        return
    title = page.get_admin_display_title()
    status = task_state.workflow_state.status
    if status == WorkflowState.STATUS_APPROVED:
        messages.success(request, _("'%(title)s' approved and published.") % {"title": title})
    elif status == WorkflowState.STATUS_NEEDS_CHANGES:
        messages.success(request, _("Changes requested on “%(title)s”: the editor has been told.") % {"title": title})


class WorkflowFeedbackMiddleware:
    """Messages for workflow actions taken outside the edit form, and approval refused by the checks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if (
            request.method == "POST"
            and match is not None
            and match.view_name == WORKFLOW_ACTION_VIEW
            and response.status_code in (200, 302)
            and not getattr(request, "_approval_refused", False)
        ):
            outcome_message(request, match)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, ApprovalRefused):
            request._approval_refused = True
            return refused_response(request, exception)
        return None
