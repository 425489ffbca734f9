"""Approval that runs the publishing checks again, and what the approver is told.

Approving from the dashboard (or "Approve" without opening the page) makes
Wagtail publish the page's latest revision with no form, so the checks the
edit form runs on submit and publish (alt text, core/alt_text.py) never ran on
a draft saved since the submission. ``publish_after_checks`` is the workflow's
finishing step (``WAGTAIL_FINISH_WORKFLOW_ACTION``): it refuses such a revision
by raising ``ApprovalRefused`` inside Wagtail's transaction, so the approval is
undone too, and ``WorkflowFeedbackMiddleware`` turns that into a message on the
page's edit form (editorial/middleware.py).
"""

# Wagtail imports this module while it defines its models (WorkflowState reads
# the setting in its class body), so nothing here may import wagtail.models.
from wagtail.workflows import publish_workflow_state


class ApprovalRefused(Exception):
    def __init__(self, page, problems):
        super().__init__(problems)
        self.page = page
        self.problems = problems


def publish_after_checks(workflow_state, user=None):
    """Publish the approved page, unless its latest revision fails the checks its edit form runs."""
    page = workflow_state.content_object
    checked = getattr(page, "get_latest_revision_as_object", None)
    latest = checked() if checked else None
    problems = getattr(latest, "publishing_problems", lambda: [])()
    if problems:
        raise ApprovalRefused(page, problems)
    publish_workflow_state(workflow_state, user=user)
