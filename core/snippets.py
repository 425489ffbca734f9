"""The base of every snippet that goes through the approval workflow (site alerts, contacts).

Wagtail's workflow, drafts, locking and revisions for a snippet need two
generic relations and two properties on each model (Wagtail's "Snippets"
documentation, "Enabling workflows for snippets"), and the snippets here are
all translatable. Written once here; ``%(class)s`` gives each model its own
query name (``alert``, ``contact``), as Wagtail's docs name them.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, TranslatableMixin, WorkflowMixin


class ApprovedSnippet(TranslatableMixin, WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):
    """A translatable snippet that editors draft and submit and approvers publish."""

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="%(class)s")
    _workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="%(class)s",
        for_concrete_model=False,
    )

    class Meta(TranslatableMixin.Meta):
        abstract = True

    @property
    def revisions(self):
        return self._revisions

    @property
    def workflow_states(self):
        return self._workflow_states
