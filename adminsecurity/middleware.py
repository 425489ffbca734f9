"""Admin protection: the second factor before anything a staff session can reach, and the admin's own CSP."""

import functools
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
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
    "adminsecurity:two_factor_enrol",
}
# Sign-in pages that, for a session still owing its second factor, go to the
# code page instead: Wagtail's front-end login (where private pages and
# documents send visitors) would otherwise send them straight back.
SIGN_IN_VIEWS = {"wagtailadmin_login", "wagtailcore_login"}


class RequireTwoFactorMiddleware:
    """Until the second factor is verified, a staff session is anonymous everywhere but the sign-in pages.

    A user who must use two-factor sign-in (adminsecurity.policy), or who has
    set up a device, and has so far given only a password:
    - under /admin/ is sent to verify a code (or set up an app) from every
      view but the sign-in, password-reset and two-factor ones;
    - anywhere else (pages, private documents, search, forms) is served as an
      anonymous visitor, so a login- or group-restricted page or a document in
      a private collection answers with Wagtail's login redirect;
    - at a sign-in page is sent on to the code page, keeping ``next``.
    The session cookie stays, so the page cache still never serves or stores
    these requests (pagecache.middleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_verification(request.user):
            response = self.hold(request)
            if response is not None:
                return response
        return self.get_response(request)

    def hold(self, request):
        view_name = resolved_view_name(request)
        if view_name in SIGN_IN_VIEWS and request.method == "GET":
            return redirect(code_page_url(request.user, request.GET.get("next") or reverse("wagtailadmin_home")))
        if view_name in OPEN_ADMIN_VIEWS:
            return None
        # Every URL under the admin's prefix, including unknown ones (Wagtail
        # answers those with its own 404) and hook-registered views.
        if request.path_info.startswith(_admin_prefix()):
            return admin_refusal(request)
        treat_as_anonymous(request)
        return None


def resolved_view_name(request):
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).view_name
    except Resolver404:
        return None


def code_page_url(user, next_url):
    has_device = user_has_device(user, confirmed=True)
    target = "adminsecurity:two_factor_verify" if has_device else "adminsecurity:two_factor_setup"
    return f"{reverse(target)}?{urlencode({'next': next_url})}"


def admin_refusal(request):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        url = code_page_url(request.user, reverse("wagtailadmin_home")).partition("?")[0]
        return JsonResponse({"error": "Two-factor authentication needed.", "redirect": url}, status=403)
    next_url = request.get_full_path() if request.method == "GET" else reverse("wagtailadmin_home")
    return redirect(code_page_url(request.user, next_url))


def treat_as_anonymous(request):
    """Replace the signed-in user with an anonymous one for the rest of this request.

    Also the cached copies django.contrib.auth keeps, so nothing that asks
    for the user again (sync or async) gets the real one back.
    """
    anonymous = AnonymousUser()
    anonymous.otp_device = None
    anonymous.is_verified = lambda: False

    async def auser():
        return anonymous

    request.user = request._cached_user = request._acached_user = anonymous
    request.auser = auser


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
