"""The "report a problem" page and its editor-defined form fields."""

import datetime
import logging
import re
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.mail import send_mail
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.models import Page, Site
from wagtail.search import index

from core import pagetree
from core.pages import BasePage
from pagecache.params import cache_by

from . import protection
from .forms import PAGE_FIELD, RESERVED_FIELD_NAMES, ReportProblemFormBuilder, safe_page_path
from .protection import RecentReport  # noqa: F401  (the rate limit's model, registered with this app)

logger = logging.getLogger(__name__)

CROSS_SITE_MESSAGE = gettext_lazy(
    "Your report was not sent because it came from a form on another website. "
    "Use the form on this page to send it; what you wrote is still below."
)
RATE_LIMIT_MESSAGE = gettext_lazy(
    "Your report was not sent because several reports have come from your internet connection in the last hour. "
    "What you wrote is still below: please wait an hour and send it again."
)
DEFAULT_SUBJECT = "Problem reported on the website"
# Line breaks (Unicode's too) and other control characters: in an email they would start forged lines.
EMAIL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def one_line(value):
    """`value` on one line, with no control characters, for a line of the email or a header."""
    return EMAIL_UNSAFE.sub(" ", str(value)).strip()


class RateLimited(Exception):
    """Raised inside the transaction so the sender's count and the report are rolled back."""


class ReportFormField(AbstractFormField):
    page = ParentalKey("ReportProblemPage", on_delete=models.CASCADE, related_name="form_fields")
    required_message = models.CharField(
        "message if left empty",
        max_length=255,
        blank=True,
        help_text="Shown when this required question is left empty. Say what to do, "
        "for example “Enter what the problem is”. Leave empty for “Enter your answer to” and the question.",
    )

    panels = [*AbstractFormField.panels[:3], FieldPanel("required_message"), *AbstractFormField.panels[3:]]

    def clean(self):
        super().clean()
        if self.label and self.get_field_clean_name() in RESERVED_FIELD_NAMES:
            raise ValidationError(
                {"label": "This label is used by the form itself (the page address and a spam trap). Choose another."}
            )


def is_live_page_path(request, path):
    """Whether ``path`` is the address of a live, public page of this site, or of search, in any language."""
    language = translation.get_language_from_path(path) if path else None
    with translation.override(language or settings.LANGUAGE_CODE):
        try:
            view_name = resolve(path).view_name if path else ""
        except Resolver404:
            view_name = ""
    if view_name and view_name != "wagtail_serve":
        return view_name in settings.PAGECACHE_VIEWS
    site = Site.find_for_request(request)
    root_path = pagetree.language_root_path(site, language or settings.LANGUAGE_CODE) if site and path else None
    if root_path is None or "?" in path or "#" in path:
        return False
    local = path.lstrip("/")
    if language:
        local = local.removeprefix(f"{language}/")
    return pagetree.public(Page.objects.live().filter(url_path=root_path + local)).exists()


class ReportProblemPage(EmailFormMixin, FormMixin, BasePage):
    """The "report a problem" form linked from every page.

    Submissions are stored (see them under Forms in the admin) and emailed to
    the team. Posts go to a separate address that needs no CSRF cookie; see
    reports/protection.py for why and how that address is protected.
    """

    form_builder = ReportProblemFormBuilder

    introduction = models.TextField(
        max_length=1000,
        help_text="Shown above the form: what to report, and what happens to a report.",
    )
    thank_you_text = models.TextField(
        max_length=1000,
        help_text="Shown after a report is sent: thank the person and say what happens next.",
    )

    content_panels = BasePage.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("introduction", required_on_save=True),
        InlinePanel(
            "form_fields",
            label="Form field",
            heading="Form fields",
            help_text="The questions the form asks. The page address field and a hidden spam trap are always added.",
        ),
        FieldPanel("thank_you_text", required_on_save=True),
        MultiFieldPanel(
            [
                FieldPanel("to_address"),
                FieldPanel(
                    "from_address",
                    help_text="The sender of the notification emails. Leave empty to use the site's default sender.",
                ),
                FieldPanel(
                    "subject",
                    help_text="Subject of the notification emails. Leave empty for “Problem reported on the website”.",
                ),
            ],
            heading="Notification emails to the team",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    template = "pages/report_problem_page.html"
    landing_page_template = "pages/report_problem_page_landing.html"
    page_description = "The form visitors use to report a problem with a page. There is only one."
    # Linked from every page's footer (core_tags.site_links), with the page's own address.
    footer_link = "report"

    class Meta:
        verbose_name = "report a problem page"

    summary_field = "introduction"

    def get_data_fields(self):
        fields = super().get_data_fields()
        return [fields[0], (PAGE_FIELD, "Page with the problem"), *fields[1:]]

    def get_form(self, *args, **kwargs):
        request = kwargs.pop("request", None)
        if request is not None:
            kwargs["host"] = request.get_host()
        return super().get_form(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST":
            return self.serve_post(request, *args, **kwargs)
        initial = {PAGE_FIELD: safe_page_path(request.GET.get("page"))}
        if is_live_page_path(request, initial[PAGE_FIELD]):
            # One cached copy per page of the site; any other address is rendered
            # afresh and not kept (pagecache.params).
            cache_by(request, page=initial[PAGE_FIELD])
        form = self.get_form(page=self, user=request.user, initial=initial)
        return self.render_form(request, form)

    def serve_post(self, request, *args, **kwargs):
        form = self.get_form(request.POST, page=self, user=request.user, request=request)
        if protection.is_cross_site(request):
            return self.render_form(request, form, problem=CROSS_SITE_MESSAGE, status=403)
        if not form.is_valid():
            return self.render_form(request, form)
        try:
            with transaction.atomic():
                if not protection.admit_report(request):
                    raise RateLimited
                # Stored in the same transaction as the sender's count.
                FormMixin.process_form_submission(self, form)
        except RateLimited:
            return self.render_form(request, form, problem=RATE_LIMIT_MESSAGE, status=429)
        if self.to_address:
            self.send_mail(form)
        # Post, then redirect: reloading the "sent" page never sends the report again.
        return HttpResponseRedirect(self.sent_url(form.cleaned_data.get(PAGE_FIELD)), status=303)

    def sent_url(self, page_address=""):
        """The "report sent" page. It holds nothing the visitor wrote, only the page they reported."""
        url = reverse("report_problem_sent", args=(self.pk,))
        return f"{url}?{urlencode({'page': page_address})}" if page_address else url

    def serve_sent(self, request):
        context = self.get_context(request)
        context["page_address"] = safe_page_path(request.GET.get("page"))
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    def render_form(self, request, form, problem="", status=200):
        context = self.get_context(request)
        context.update(form=form, problem=problem)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def render_email(self, form):
        """One "label: value" line per answer, each kept on its line whatever was typed."""
        lines = []
        for field in form:
            if field.name not in form.cleaned_data:
                continue
            value = form.cleaned_data[field.name]
            if isinstance(value, list):
                value = ", ".join(value)
            if isinstance(value, datetime.datetime):
                value = date_format(value, "SHORT_DATETIME_FORMAT")
            elif isinstance(value, datetime.date):
                value = date_format(value, "SHORT_DATE_FORMAT")
            lines.append(f"{one_line(field.label)}: {one_line(value)}")
        return "\n".join(lines)

    def send_mail(self, form):
        addresses = [address.strip() for address in self.to_address.split(",") if address.strip()]
        # Replies go to the person who reported, when they gave an address.
        reply_to = [
            one_line(value)
            for name, value in form.cleaned_data.items()
            if value and isinstance(form.fields.get(name), forms.EmailField)
        ][:1]
        try:
            send_mail(
                one_line(self.subject or DEFAULT_SUBJECT),
                self.render_email(form),
                addresses,
                self.from_address or None,
                reply_to=reply_to or None,
            )
        except Exception:
            # The report is already stored and visible in the admin; a mail
            # server fault must not lose it or show the visitor an error.
            logger.exception("Could not email the report stored for page %s", self.pk)
