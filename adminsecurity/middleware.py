"""Admin protection: the second factor before the admin, and the admin's own Content-Security-Policy."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.csp import CSP
from django_otp import user_has_device

from .policy import needs_verification

# Admin views someone who has only given a password may still reach: signing
# in and out, resetting a forgotten password, the assets the sign-in pages
# load, and the two-factor pages themselves.
OPEN_ADMIN_VIEWS = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_password_reset",
    "wagtailadmin_password_reset_done",
    "wagtailadmin_password_reset_confirm",
    "wagtailadmin_password_reset_complete",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "adminsecurity:two_factor_verify",
    "adminsecurity:two_factor_setup",
}


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Every URL under the admin's prefix, including unknown ones (Wagtail
        # answers those with its own 404) and hook-registered views.
        if not request.path_info.startswith(reverse("wagtailadmin_home")):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_ADMIN_VIEWS:
            return None
        user = request.user
        if not needs_verification(user):
            return None

        has_device = user_has_device(user, confirmed=True)
        target = "adminsecurity:two_factor_verify" if has_device else "adminsecurity:two_factor_setup"
        url = reverse(target)
        if request.headers.get("x-requested-with") == "XMLHttpRequest":
            return JsonResponse({"error": "Two-factor authentication needed.", "redirect": url}, status=403)
        next_url = request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
        return redirect(f"{url}?{urlencode({'next': next_url})}")


@functools.cache
def _admin_prefix():
    return reverse("wagtailadmin_home")


class AdminContentSecurityPolicyMiddleware:
    """The admin's Content-Security-Policy (``ADMIN_SECURE_CSP``) on every URL under the admin.

    Sits inside Django's ContentSecurityPolicyMiddleware, which reads
    ``response._csp_config`` on the way out: public pages keep SECURE_CSP,
    the admin (whose templates still carry inline scripts) gets its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # A view's own choice (csp_override, as on Django's debug pages) stands.
        if request.path.startswith(_admin_prefix()) and not hasattr(response, "_csp_config"):
            # Wagtail's live preview renders the page through the whole
            # middleware chain again, for a dummy request at the page's public
            # URL, which stamps the public policy (frame-ancestors 'none') on
            # it. Under /admin/ the admin's policy is the one that applies.
            del response.headers[CSP.HEADER_ENFORCE]
            response._csp_config = settings.ADMIN_SECURE_CSP
        return response
