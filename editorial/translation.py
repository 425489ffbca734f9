"""Translators submit a synced translation for approval, as editors do any page (issue 11).

wagtail-localize's translation editor replaces the page editor for a synced
translation. It saves each string as it is typed (or imported from a PO file)
and offers "Publish" only to those who may publish: nothing starts the
approval workflow. So an editor who translated a page submits it here, from
the page's "More" menu: the translated strings are saved as a draft of the
page (wagtail-localize's ``save_target`` without publishing) and the page's
workflow (Communications approval) runs as for any English page; approving it
publishes the translation.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.admin.widgets import ListingButton
from wagtail.models import Page
from wagtail_localize.models import Translation


def synced_translation(page):
    """The enabled wagtail-localize translation whose target is ``page``, or None."""
    return Translation.objects.filter(
        source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
    ).first()


def can_submit(page, user):
    """A synced translation with a workflow, none running, and the user may edit it."""
    if page.workflow_in_progress:
        return False
    if page.get_workflow() is None or not page.permissions_for_user(user).can_edit():
        return False
    return synced_translation(page) is not None


def submit_translation_for_approval(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    if not can_submit(page, request.user):
        raise PermissionDenied
    edit_url = reverse("wagtailadmin_pages:edit", args=[page.id])
    if request.method == "POST":
        synced_translation(page).save_target(user=request.user, publish=False)
        page = Page.objects.get(id=page_id).specific
        page.get_workflow().start(page, request.user)
        messages.success(request, _("“%(title)s” has been submitted for approval.") % {"title": page.title})
        return redirect(edit_url)
    return TemplateResponse(request, "editorial/submit_translation.html", {"page": page, "edit_url": edit_url})


def submit_button(page, user, view_name=None, next_url=None):
    """ "Submit translation for approval" in the page's "More" menu, where it applies."""
    if can_submit(page, user):
        yield ListingButton(
            _("Submit translation for approval"),
            reverse("editorial_submit_translation", args=[page.id]),
            priority=70,
            icon_name="resubmit",
        )
