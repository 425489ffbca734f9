"""Admin widgets for the editors' guardrails."""

from urllib.parse import urlencode

from django import forms
from django.utils.html import format_html
from wagtail.snippets.widgets import AdminSnippetChooser


class CharacterCountTextarea(forms.Textarea):
    """A textarea that tells the editor, as they type, how many characters they have left.

    Wagtail counts characters only in rich text, so plain fields with a limit
    get this. Like GOV.UK's character count it does not set ``maxlength``: a
    pasted paragraph is kept whole for the editor to shorten rather than cut
    off silently, and the server still refuses anything over the limit.
    """

    def __init__(self, max_length, attrs=None):
        self.max_length = max_length
        super().__init__(attrs={"rows": 3, **(attrs or {})})

    @property
    def media(self):
        return forms.Media(js=["core/admin/character-count.js"])

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # The form field adds maxlength to the widget's own attrs.
        attrs.pop("maxlength", None)
        return attrs

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        count_id = f"{attrs.get('id', name)}-count"
        described_by = " ".join(filter(None, [attrs.get("aria-describedby"), count_id]))
        attrs.update(
            {
                "aria-describedby": described_by,
                "data-character-count-target": "input",
                "data-action": "character-count#update",
            }
        )
        textarea = super().render(name, value, attrs, renderer)
        return format_html(
            '<div data-controller="character-count" data-character-count-max-value="{max}">'
            "{textarea}"
            '<p id="{count_id}" class="help" data-character-count-target="message">Up to {max} characters.</p>'
            # Announced after a pause in typing, not on every key press.
            '<p class="w-sr-only" aria-live="polite" data-character-count-target="announcement"></p>'
            "</div>",
            max=self.max_length,
            textarea=textarea,
            count_id=count_id,
        )


class PageLanguageSnippetChooser(AdminSnippetChooser):
    """A snippet chooser whose list opens on one language (``language_code``), not on "All".

    The chooser's own language filter reads ``?locale=`` (Wagtail's
    LocaleFilterMixin), so the editor can still switch it to "All".
    """

    def __init__(self, model, language_code, **kwargs):
        self.language_code = language_code
        super().__init__(model=model, **kwargs)

    def get_chooser_modal_url(self):
        return f"{super().get_chooser_modal_url()}?{urlencode({'locale': self.language_code})}"
