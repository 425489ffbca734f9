"""The public view of a preview link, and the admin page that makes and revokes them."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.log_actions import log
from wagtail.models import Page

from .models import DEFAULT_DAYS, MAX_DAYS, PreviewLink

CREATE_ACTION = "previews.create_link"
REVOKE_ACTION = "previews.revoke_link"


def private_headers(response):
    """Never stored by a cache or indexed, and the secret URL never sent on in a Referer."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "HEAD"])
def shared_preview(request, token):
    link = PreviewLink.find(token)
    if link is None:
        raise Http404("No such preview link.")
    if not link.is_active:
        return private_headers(link_gone(link.page.locale.language_code))
    # The page's latest draft, as Wagtail's own preview renders it; other
    # pages it lists or links to are their live versions.
    draft = link.page.get_latest_revision_as_object()
    request.is_preview = True
    request.preview_mode = draft.default_preview_mode
    # In the page's language, as its own address (/fr/…) would show it: this
    # address has no language prefix, so the middleware chose English.
    with translation.override(draft.locale.language_code):
        request.LANGUAGE_CODE = translation.get_language()
        response = draft.serve_preview(request, draft.default_preview_mode)
        if isinstance(response, TemplateResponse):
            response.context_data["draft_preview_link"] = link
            response.context_data["noindex"] = True
            response.render()
    return private_headers(response)


def link_gone(language):
    """410, in the page's language: the one its reader was sent the link in (the address has no /fr/)."""
    with translation.override(language):
        response = HttpResponse(
            _("This preview link has expired or been withdrawn. Ask the person who sent it for a new one."),
            status=410,
            content_type="text/plain; charset=utf-8",
        )
        response["Content-Language"] = translation.get_language()
    return response


class CreateLinkForm(forms.Form):
    days = forms.IntegerField(
        label="Link works for (days)",
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=f"From 1 to {MAX_DAYS} days. You can withdraw it sooner.",
    )


def editable_page(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page


def manage_links(request, page_id):
    page = editable_page(request, page_id)
    new_link_url = None
    form = CreateLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link, token = PreviewLink.create_for(page, request.user, days=form.cleaned_data["days"])
        log(
            instance=page,
            action=CREATE_ACTION,
            user=request.user,
            data={"link": link.id, "expires": str(link.expires_at)},
        )
        new_link_url = request.build_absolute_uri(reverse("preview_link", args=[token]))
        form = CreateLinkForm()
    return TemplateResponse(
        request,
        "previews/manage_links.html",
        {
            "page": page,
            "form": form,
            "links": page.preview_links.select_related("created_by", "revoked_by"),
            "new_link_url": new_link_url,
            "has_draft": page.has_unpublished_changes or not page.live,
        },
    )


@require_http_methods(["POST"])
def revoke_link(request, page_id, link_id):
    page = editable_page(request, page_id)
    link = get_object_or_404(PreviewLink, id=link_id, page=page)
    if link.revoked_at is None:
        link.revoke(request.user)
        log(instance=page, action=REVOKE_ACTION, user=request.user, data={"link": link.id})
        messages.success(request, "The preview link was withdrawn. It no longer opens the draft.")
    return redirect("previews_manage", page.id)
