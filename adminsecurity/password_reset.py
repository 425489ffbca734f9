"""Wagtail's admin password reset, throttled, and the same answer for every email address.

Wagtail's own view and form, subclassed (leedsnetworks/urls.py routes
/admin/password_reset/ here):
- at most PASSWORD_RESET_REQUESTS_PER_ADDRESS requests an hour from one client
  address (core.client_ip); more get the form again with a message and a 429;
- at most PASSWORD_RESET_EMAILS_PER_ACCOUNT emails an hour for one email
  address; more are dropped silently, so the answer says nothing about it;
- the counts live in the database (ThrottleEvent), so the throttle holds when
  the cache is down: with no database there is no reset either (the 503 page);
- known and unknown addresses get the same redirect, and the same work is done
  before it (the email is rendered for both); sending happens after the answer
  has gone out (RedirectThenSend.close), so a slow mail server cannot be timed.
"""

import logging
import unicodedata
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.http import HttpResponseRedirect
from django.template import loader
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.decorators import method_decorator
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.cache import never_cache
from wagtail.admin.forms.auth import PasswordResetForm
from wagtail.admin.views.account import PasswordResetView

from core.client_ip import client_ip

from .models import ThrottleEvent

logger = logging.getLogger(__name__)

WINDOW = timedelta(hours=1)
TOO_MANY = (
    "Too many password reset requests from your network in the last hour. Wait an hour and try again, "
    "or ask a Wagtail administrator to reset your password."
)


def address_limit():
    return getattr(settings, "PASSWORD_RESET_REQUESTS_PER_ADDRESS", 10)


def account_limit():
    return getattr(settings, "PASSWORD_RESET_EMAILS_PER_ACCOUNT", 3)


def throttle_key(value):
    return salted_hmac("adminsecurity.throttle", value, algorithm="sha256").hexdigest()


def count_in(scope, value, limit, keep_refused=True):
    """Record one request for `value` and say whether it is within `limit` for the last hour.

    Insert first, then count (each statement commits on its own): of any
    number of racing requests, the one whose row lands (limit+1)th sees at
    least limit+1 rows, so no more than `limit` are ever let through.
    Without `keep_refused`, a refused request's row is removed again, so only
    requests let through count (only passed rows are relied on above).
    """
    now = timezone.now()
    ThrottleEvent.objects.filter(scope=scope, created_at__lt=now - WINDOW).delete()
    key = throttle_key(value)
    event = ThrottleEvent.objects.create(scope=scope, key=key)
    count = ThrottleEvent.objects.filter(scope=scope, key=key, created_at__gte=now - WINDOW).count()
    if count <= limit:
        return True
    if not keep_refused:
        event.delete()
    return False


def normalise_email(email):
    # As Django compares addresses when it looks the user up (NFKC, case-folded).
    return unicodedata.normalize("NFKC", email).casefold()


class ThrottledPasswordResetForm(PasswordResetForm):
    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.outbox = []
        self.matched = False

    def clean(self):
        cleaned = super().clean()
        # Counted only once the email is well formed: a malformed one sends nothing.
        if self.request is None or "email" not in cleaned:
            return cleaned
        if not count_in("reset-address", client_ip(self.request) or "unknown", address_limit()):
            logger.warning("Password reset throttled for address %s", client_ip(self.request))
            raise ValidationError(TOO_MANY, code="throttled")
        return cleaned

    def get_users(self, email):
        users = list(super().get_users(email))
        self.matched = bool(users)
        return users

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        """Render the email now; it is sent after the answer (see RedirectThenSend)."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            message.attach_alternative(loader.render_to_string(html_email_template_name, context), "text/html")
        self.outbox.append(message)

    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        allowed = count_in("reset-account", normalise_email(email), account_limit(), keep_refused=False)
        super().save(**kwargs)
        if not self.matched:
            self.render_for_nobody(email, **kwargs)
        if not allowed:
            logger.warning("Password reset email not sent: %d an hour already asked for", account_limit())
        # Only for someone who exists, and only within the limit.
        self.outbox = self.outbox if allowed and self.matched else []

    def render_for_nobody(self, email, **kwargs):
        """The work a known address costs (a token, the templates), for an unknown one, then thrown away."""
        nobody = get_user_model()(email=email, password="!")  # noqa: S106 (an unusable password, never saved)
        token = kwargs.get("token_generator", default_token_generator).make_token(nobody)
        uid = urlsafe_base64_encode(b"0")
        context = {"email": email, "domain": "", "site_name": "", "uid": uid, "user": nobody, "token": token}
        self.send_mail(
            kwargs.get("subject_template_name", "registration/password_reset_subject.txt"),
            kwargs.get("email_template_name", "registration/password_reset_email.html"),
            {**context, "protocol": "https", **(kwargs.get("extra_email_context") or {})},
            None,
            email,
            html_email_template_name=kwargs.get("html_email_template_name"),
        )


def send_all(messages):
    for message in messages:
        try:
            message.send()
        except Exception:  # as Django's own reset form: log it, the visitor has had their answer
            logger.exception("Failed to send a password reset email")


class RedirectThenSend(HttpResponseRedirect):
    """A redirect that sends its emails once the server has written it and closes it."""

    def __init__(self, url, messages):
        super().__init__(url)
        self.messages = list(messages)

    def close(self):
        messages, self.messages = self.messages, []
        try:
            send_all(messages)
        finally:
            super().close()


@method_decorator(never_cache, name="dispatch")
class ThrottledPasswordResetView(PasswordResetView):
    def get_form_class(self):
        return ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        response = super().form_valid(form)
        return RedirectThenSend(response.url, form.outbox)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", "throttled"):
            response.status_code = 429
        return response
