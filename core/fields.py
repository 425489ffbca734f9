"""Model and form fields every page app uses."""

from django import forms
from django.core.validators import RegexValidator, URLValidator
from django.db import models

https_only = URLValidator(
    schemes=["https"],
    message="Enter a full web address starting with https:// (for example https://eurocities.eu).",
    # Not URLField's "invalid": Django would swap this message for its generic "Enter a valid URL."
    code="not_https",
)

# Contact details in the site settings (home/) and the contact snippets (contacts/).
phone_number = RegexValidator(
    r"^\+?[\d ()]{6,30}$",
    message="Enter a phone number using digits, spaces, brackets and an optional leading +, for example 0113 222 4444.",
)


class HttpsURLFormField(forms.URLField):
    # One clear message whether the address is http://, javascript: or malformed.
    default_validators = [https_only]
    default_error_messages = {"invalid": https_only.message}


class HttpsURLField(models.URLField):
    """A web address that must use https: anything else is refused with a message saying so."""

    default_validators = [https_only]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HttpsURLFormField, **kwargs})
