import re

from django import forms

# Recovery codes are lower-case base32; people copy them with spaces or dashes.
_SEPARATORS = re.compile(r"[\s-]+")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=32,
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": "Enter the code from your authenticator app or a recovery code."},
    )

    def clean_code(self):
        return _SEPARATORS.sub("", self.cleaned_data["code"]).lower()

    @property
    def is_app_code(self):
        return bool(re.fullmatch(r"\d{6}", self.cleaned_data.get("code", "")))


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="After adding this site to your app, type the 6-digit code it shows.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*", "autofocus": True}
        ),
        error_messages={"required": "Enter the 6-digit code your authenticator app shows."},
    )

    def clean_code(self):
        code = _SEPARATORS.sub("", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows, for example 123456.")
        return code


class EnrolmentCodeForm(forms.Form):
    enrolment_code = forms.CharField(
        label="Enrolment code",
        max_length=64,
        help_text="The one-time code a Wagtail administrator gave you, for example ABCDE-FGHJK-MNPQR-STUVW.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false", "autofocus": True}
        ),
        error_messages={"required": "Enter the enrolment code a Wagtail administrator gave you."},
    )
