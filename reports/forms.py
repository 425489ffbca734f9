"""The report-a-problem form: editors' fields plus two the code owns.

``page_address`` says which page the report is about (the footer link fills it
in). ``homepage`` is a honeypot: the stylesheet hides it from people and
assistive technology, so only a program filling in every field will fill it.
"""

from django import forms
from django.core.exceptions import ValidationError
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

PAGE_FIELD = "page_address"
HONEYPOT_FIELD = "homepage"
RESERVED_FIELD_NAMES = {PAGE_FIELD, HONEYPOT_FIELD}

HONEYPOT_MESSAGE = (
    "Your report was not sent because the field “Leave this field empty” was filled in. "
    "Automatic spam programs fill it in; people never see it. Clear that field and send the report again."
)


def safe_page_path(value):
    """A path on this site, or nothing: never another site's address."""
    value = (value or "").strip()[:500]
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return ""


class ReportProblemBaseForm(BaseForm):
    page_address = forms.CharField(
        label="Which page has the problem?",
        help_text="The address of the page, if the problem is on one page. "
        "Filled in for you when you follow the link at the bottom of that page.",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    homepage = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The page field first, the editors' fields next, the honeypot last.
        self.fields[HONEYPOT_FIELD] = self.fields.pop(HONEYPOT_FIELD)
        for field in self.fields.values():
            # WCAG 1.3.5: say what an email field is for, so browsers can fill it in.
            if isinstance(field, forms.EmailField):
                field.widget.attrs.setdefault("autocomplete", "email")

    def clean_page_address(self):
        raw = self.cleaned_data.get(PAGE_FIELD, "")
        if raw and not safe_page_path(raw):
            raise ValidationError("Enter the address of a page on this site, starting with /, or leave this empty.")
        return raw.strip()

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


class ReportProblemFormBuilder(FormBuilder):
    def get_form_class(self):
        return type("ReportProblemForm", (ReportProblemBaseForm,), self.formfields)
