"""The network page's admin form: the checks that run when a page is published or submitted."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError

from core import pagetree
from core.alt_text import EMPTY, alt_text_problem

EMPTY_BODY = (
    "Add the network's description to the body before publishing or submitting for approval: "
    "a network page cannot go live empty. You can still save an empty draft."
)
LOGO_WITHOUT_ALT = (
    "Describe the logo for people who cannot see it, or tick “logo is decorative” "
    "if it only repeats the network's name."
)


def logo_problem(logo, alt_text, decorative):
    """Why the logo's alt text does not describe it, or None (no logo, decorative, or described)."""
    if not logo or decorative:
        return None
    problem = alt_text_problem(alt_text, logo)
    if problem == EMPTY:
        return LOGO_WITHOUT_ALT
    return f"Logo: {problem.replace('image', 'logo')}" if problem else None


class NetworkPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            # Pages in every language link the English themes (visitors read them
            # translated): their translations are not offered.
            default = pagetree.content_language(settings.LANGUAGE_CODE)
            field = self.fields["themes"]
            field.queryset = field.queryset.filter(locale__language_code=default)

    def clean(self):
        cleaned_data = super().clean()
        # Drafts may be unfinished (Wagtail defers these checks on save, as it
        # does for ImageBlock's alt text); publishing and submitting may not.
        if self.is_deferred_validation:
            return cleaned_data

        self._check_logo_alt_text(cleaned_data)

        if "body" in self.errors and not self._submitted_body():
            # Replace Wagtail's bare "This field is required." with what to do.
            self.errors["body"] = self.error_class(
                [StreamBlockValidationError(non_block_errors=ErrorList([ValidationError(EMPTY_BODY)]))]
            )
        return cleaned_data

    def _check_logo_alt_text(self, cleaned_data):
        problem = logo_problem(
            cleaned_data.get("logo"), cleaned_data.get("logo_alt_text", ""), cleaned_data.get("logo_decorative")
        )
        if problem:
            self.add_error("logo_alt_text", problem)

    def _submitted_body(self):
        field = self.fields["body"]
        return field.widget.value_from_datadict(self.data, self.files, self.add_prefix("body"))
