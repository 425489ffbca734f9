"""The report-a-problem form: editors' fields plus two the code owns.

``page_address`` says which page the report is about (the footer link fills it
in). ``homepage`` is a honeypot: the stylesheet hides it from people and
assistive technology, so only a program filling in every field will fill it.
"""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

PAGE_FIELD = "page_address"
HONEYPOT_FIELD = "homepage"
RESERVED_FIELD_NAMES = {PAGE_FIELD, HONEYPOT_FIELD}

HONEYPOT_MESSAGE = gettext_lazy(
    "Your report was not sent because the field “Leave this field empty” was filled in. "
    "Automatic spam programs fill it in; people never see it. Clear that field and send the report again."
)


# Long enough for any real report; a 2-million-character post is refused with a
# message instead of being stored and emailed.
MAX_ANSWER_LENGTH = 5000
EMAIL_FORMAT_MESSAGE = gettext_lazy("Enter an email address in the correct format, like name@example.com")
PAGE_ADDRESS_MESSAGE = gettext_lazy(
    "Enter the address of a page on this website, like /international/ or the full address from your "
    "browser's address bar, or leave this empty"
)
# Line breaks (including Unicode's) and other control characters: never part of a page address.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def too_long_message(label):
    # %(show_value)s is left for MaxLengthValidator to fill in with the answer's length.
    return _(
        "Your answer to “%(label)s” must be 5,000 characters or fewer. "
        "It has %(show_value)s characters: shorten it and send it again"
    ) % {"label": label, "show_value": "%(show_value)s"}


def site_page_path(value, host):
    """`value` as a path on this site (a path, or a full address on `host`), or None if it is neither."""
    value = value.strip()
    if CONTROL_CHARACTERS.search(value) or "\\" in value:
        return None
    if value.lower().startswith(("http://", "https://")):
        if not url_has_allowed_host_and_scheme(value, allowed_hosts={host}):
            return None
        parts = urlsplit(value)
        value = parts.path or "/"
        value += f"?{parts.query}" if parts.query else ""
    return value if value.startswith("/") and not value.startswith("//") else None


def safe_page_path(value):
    """A path on this site, or nothing: never another site's address."""
    value = (value or "").strip()[:500]
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return ""


class ReportProblemBaseForm(BaseForm):
    page_address = forms.CharField(
        label=gettext_lazy("Which page has the problem?"),
        help_text=gettext_lazy(
            "The address of the page, if the problem is on one page. "
            "Filled in for you when you follow the link at the bottom of that page."
        ),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    homepage = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, host="", **kwargs):
        # The site's host as the visitor reached it: a full address on it is accepted.
        self.host = host
        super().__init__(*args, **kwargs)
        # The page field first, the editors' fields next, the honeypot last.
        self.fields[HONEYPOT_FIELD] = self.fields.pop(HONEYPOT_FIELD)
        for code in ("max_length", "null_characters_not_allowed"):
            self.fields[PAGE_FIELD].error_messages[code] = PAGE_ADDRESS_MESSAGE
        self.fields[PAGE_FIELD].widget.attrs.pop("maxlength", None)  # a message, not a silent cut
        for name, field in self.fields.items():
            # WCAG 1.3.5: say what an email field is for, so browsers can fill it in.
            if isinstance(field, forms.EmailField):
                field.widget.attrs.setdefault("autocomplete", "email")
                field.error_messages["invalid"] = EMAIL_FORMAT_MESSAGE
            elif isinstance(field, forms.CharField) and name not in RESERVED_FIELD_NAMES:
                limit_length(field)

    def clean_page_address(self):
        raw = self.cleaned_data.get(PAGE_FIELD, "")
        if not raw.strip():
            return ""
        path = site_page_path(raw, self.host)
        if path is None:
            raise ValidationError(PAGE_ADDRESS_MESSAGE)
        return path

    def clean(self):
        cleaned = super().clean()
        if cleaned.pop(HONEYPOT_FIELD, ""):
            self.spam = True
            raise ValidationError(HONEYPOT_MESSAGE, code="honeypot")
        return cleaned

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != HONEYPOT_FIELD]

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]


def limit_length(field):
    """At most MAX_ANSWER_LENGTH characters, refused with a message rather than cut short.

    No maxlength attribute: a browser would silently cut a pasted report.
    """
    if field.max_length is None or field.max_length > MAX_ANSWER_LENGTH:
        field.max_length = MAX_ANSWER_LENGTH
        field.validators.append(MaxLengthValidator(MAX_ANSWER_LENGTH, message=too_long_message(field.label)))
    field.widget.attrs.pop("maxlength", None)


def required_message(form_field):
    """GOV.UK style: what to do, not what went wrong ("Enter what the problem is")."""
    if form_field.required_message:
        return form_field.required_message
    if form_field.field_type in ("dropdown", "radio", "checkboxes", "checkbox"):
        return _("Select your answer to “%(label)s”") % {"label": form_field.label}
    return _("Enter your answer to “%(label)s”") % {"label": form_field.label}


class ReportProblemFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = {"required": required_message(field)}
        return options

    def get_form_class(self):
        return type("ReportProblemForm", (ReportProblemBaseForm,), self.formfields)
