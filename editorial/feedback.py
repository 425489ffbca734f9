"""Clear workflow feedback on the edit page: what the reviewer asked for, and what approving did.

Wagtail keeps a reviewer's "Request changes" comment in the status side panel,
closed by default, says "Page … has been updated." after "Approve and Publish"
on the edit page, and makes "Save draft" the main button even for the approver
a page is waiting for. These functions are registered as Wagtail hooks
(editorial/wagtail_hooks.py); Wagtail's views stay as they are.
"""

import html

from django.contrib import messages
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from wagtail.admin import messages as admin_messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.utils import get_user_display_name
from wagtail.models import WorkflowState


def changes_requested_banner(request, page):
    """On opening the edit page: the reviewer's comment, while the page waits for changes (until resubmitted)."""
    if request.method != "GET":
        return
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_NEEDS_CHANGES or state.current_task_state is None:
        return
    task_state = state.current_task_state
    reviewer = get_user_display_name(task_state.finished_by) if task_state.finished_by else _("the approver")
    comment = task_state.get_comment()
    if comment:
        text = _("Changes requested by %(reviewer)s: “%(comment)s”") % {"reviewer": reviewer, "comment": comment}
    else:
        text = _("Changes requested by %(reviewer)s.") % {"reviewer": reviewer}
    admin_messages.warning(request, f"{text} {_('Make the changes, then submit for approval again.')}")


def approve_first(menu_items, request, context):
    """For the approver a page awaits, "Approve and publish" is the main button instead of "Save draft"."""
    for position, item in enumerate(menu_items):
        if isinstance(item, WorkflowMenuItem) and item.name == "approve" and not item.launch_modal:
            if item.label == _("%(label)s and Publish") % {"label": _("Approve")}:
                item.label = _("Approve and publish")
            menu_items.insert(0, menu_items.pop(position))
            return


def say_approved_and_published(request, page):
    """After "Approve and publish" on the edit page, say so rather than Wagtail's "has been updated"."""
    if request.POST.get("workflow-action-name") != "approve":
        return
    state = page.workflow_states.order_by("-created_at", "-pk").first()
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return
    title = page.get_admin_display_title()
    updated = _("Page '%(page_title)s' has been updated.") % {"page_title": title}
    replace_message(request, updated, _("'%(title)s' approved and published.") % {"title": title})


def replace_message(request, old, new):
    """Swap one queued message for another, keeping the rest in order (through the storage's public API)."""
    storage = messages.get_messages(request)
    queued = list(storage)  # reading marks them used: only what is added again below is kept
    for message in queued:
        shown = " ".join(html.unescape(strip_tags(str(message.message))).split())
        text = admin_messages.render(new, None) if shown == old else message.message
        storage.add(message.level, text, message.extra_tags)
