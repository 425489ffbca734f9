"""Security headers with production's settings, on every page type, graded by the HTTP Observatory's rules.

The settings come from leedsnetworks.settings.production itself (imported with
a valid environment), applied over the test settings, and every request is
made as the TLS proxy forwards it (HTTPS).

Mozilla HTTP Observatory scoring, as published in MDN's "HTTP Observatory:
tests and scoring" (the 2024 rules, which dropped X-XSS-Protection and added
Cross-Origin-Resource-Policy). A site starts at 100; each test adds or takes
away; bonuses count only if the score without them is 90 or more; A+ is 100
or more. The modifiers this module applies:

  Content-Security-Policy  default-src 'none' and nothing unsafe           +10
                           implemented, nothing unsafe                        0
                           'unsafe-inline' in style-src only                  0
                           insecure scheme (http:) in passive content only  -10
                           'unsafe-eval' in script-src                      -10
                           'unsafe-inline' (or data:/http:/*) in script-src -20
                           header not parsable                              -25
                           not implemented                                  -25
  Cookies                  all Secure, session ones HttpOnly, SameSite set   +5
                           all Secure, session ones HttpOnly                  0
                           no cookies                                         0
                           SameSite value invalid                           -20
                           anti-CSRF cookie without SameSite                -20
                           a cookie without Secure                          -20
                           session cookie without HttpOnly                  -30
                           session cookie without Secure                    -40
  CORS                     Access-Control-Allow-Origin: * with credentials  -50
  Redirection              http:// redirects to https:// on the same host     0
                           no redirect to https                             -20
  Referrer-Policy          no-referrer, same-origin, strict-origin,
                           strict-origin-when-cross-origin                   +5
                           no-referrer-when-downgrade or not set              0
                           unsafe-url, origin, origin-when-cross-origin      -5
  Strict-Transport-Security  max-age >= 6 months                              0
                           (+5 only once on browsers' preload list: not counted here)
                           max-age < 6 months                               -10
                           not implemented or invalid                       -20
  Subresource Integrity    no scripts, or scripts from the same origin only   0
                           external scripts without integrity         -5 to -50
  X-Content-Type-Options   nosniff                                            0
                           missing or invalid                                -5
  X-Frame-Options          CSP frame-ancestors                               +5
                           X-Frame-Options DENY or SAMEORIGIN                 0
                           neither                                          -20
  Cross-Origin-Resource-Policy  same-origin, same-site, cross-origin or none   0
                           invalid                                           -5
"""

import re

import pytest
from django.test import Client
from wagtail.models import Page, get_page_models

from tests.editorial import PASSWORD, make_editor
from tests.ops_support import production_security_settings, unreachable_database

PUBLIC_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
    "connect-src 'self'; manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    # The video block's players only, loaded when a visitor presses play (issue 13).
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com"
)
PRIVATE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
SIX_MONTHS = 60 * 60 * 24 * 180


def parse_csp(header):
    policy = {}
    for directive in header.split(";"):
        parts = directive.split()
        if not parts:
            continue
        name = parts[0].lower()
        if not re.fullmatch(r"[a-z-]+", name) or name in policy:
            raise ValueError(f"invalid CSP directive {directive!r}")
        policy[name] = [value.lower() for value in parts[1:]]
    return policy


def observatory_score(response, redirect_response=None):
    """(score, {test: modifier}) for one response, by the rules in this module's docstring."""
    results = {}
    headers = response.headers

    # Content-Security-Policy
    if "Content-Security-Policy" not in headers:
        results["csp"] = -25
    else:
        try:
            csp = parse_csp(headers["Content-Security-Policy"])
        except ValueError:
            results["csp"] = -25
        else:
            default = csp.get("default-src", [])
            scripts = csp.get("script-src", default)
            styles = csp.get("style-src", default)
            passive = csp.get("img-src", default) + csp.get("media-src", default)
            unsafe_script = any(v in {"'unsafe-inline'", "data:", "http:", "*"} for v in scripts) and not any(
                v.startswith(("'nonce-", "'sha")) for v in scripts
            )
            if unsafe_script:
                results["csp"] = -20
            elif "'unsafe-eval'" in scripts or any(v.startswith("http:") for v in passive):
                results["csp"] = -10
            elif "'unsafe-inline'" in styles:
                results["csp"] = 0
            elif default == ["'none'"]:
                results["csp"] = 10
            else:
                results["csp"] = 0

    # Cookies
    cookies = list(response.cookies.values())
    if not cookies:
        results["cookies"] = 0
    else:
        modifier = 5
        for cookie in cookies:
            session = "session" in cookie.key.lower()
            samesite = str(cookie["samesite"]).lower()
            if samesite and samesite not in {"lax", "strict", "none"}:
                modifier = min(modifier, -20)
            if not samesite:
                modifier = min(modifier, -20 if "csrf" in cookie.key.lower() else 0)
            if not cookie["secure"]:
                modifier = min(modifier, -40 if session else -20)
            if session and not cookie["httponly"]:
                modifier = min(modifier, -30)
        results["cookies"] = modifier

    # CORS
    universal = headers.get("Access-Control-Allow-Origin") == "*" and headers.get(
        "Access-Control-Allow-Credentials", ""
    ).lower() == ("true")
    results["cors"] = -50 if universal else 0

    # Redirection (the same path asked for over plain HTTP)
    if redirect_response is not None:
        location = redirect_response.headers.get("Location", "")
        results["redirection"] = (
            0 if redirect_response.status_code in {301, 302, 307, 308} and location.startswith("https://") else -20
        )

    # Referrer-Policy
    referrer = {v.strip().lower() for v in headers.get("Referrer-Policy", "").split(",") if v.strip()}
    if not referrer or referrer == {"no-referrer-when-downgrade"}:
        results["referrer"] = 0
    elif referrer <= PRIVATE_REFERRER_POLICIES:
        results["referrer"] = 5
    else:
        results["referrer"] = -5

    # Strict-Transport-Security
    match = re.search(r"max-age=(\d+)", headers.get("Strict-Transport-Security", ""))
    if not match:
        results["hsts"] = -20
    else:
        results["hsts"] = 0 if int(match.group(1)) >= SIX_MONTHS else -10

    # Subresource Integrity: scripts from other origins need integrity=
    body = response.content.decode(errors="replace") if not response.streaming else ""
    external = [
        tag
        for tag in re.findall(r"<script\b[^>]*\bsrc=\"(?:https?:)?//[^\"]+\"[^>]*>", body)
        if "integrity=" not in tag
    ]
    results["sri"] = -5 if external else 0

    # X-Content-Type-Options
    results["x-content-type-options"] = 0 if headers.get("X-Content-Type-Options", "").lower() == "nosniff" else -5

    # X-Frame-Options
    if "Content-Security-Policy" in headers and "frame-ancestors" in headers["Content-Security-Policy"]:
        results["x-frame-options"] = 5
    elif headers.get("X-Frame-Options", "").upper() in {"DENY", "SAMEORIGIN"}:
        results["x-frame-options"] = 0
    else:
        results["x-frame-options"] = -20

    # Cross-Origin-Resource-Policy
    corp = headers.get("Cross-Origin-Resource-Policy")
    results["corp"] = 0 if corp in {None, "same-origin", "same-site", "cross-origin"} else -5

    penalties = 100 + sum(value for value in results.values() if value < 0)
    bonuses = sum(value for value in results.values() if value > 0) if penalties >= 90 else 0
    return penalties + bonuses, results


@pytest.fixture
def production(settings, monkeypatch):
    for name, value in production_security_settings(monkeypatch).items():
        setattr(settings, name, value)
    return settings


def https_client():
    return Client(HTTP_X_FORWARDED_PROTO="https", raise_request_exception=False)


def public_urls():
    """One live page of every page type, and the pages that are not Wagtail pages."""
    urls = {}
    for model in get_page_models():
        if model is Page:
            continue
        page = model.objects.live().public().first()
        assert page is not None, f"no live {model.__name__} in the seeded site: every page type must be checked"
        urls[model.__name__] = page.url
    urls["theme filter"] = "/international/?theme=climate"
    urls["search"] = "/search/?q=climate"
    urls["not found"] = "/no-such-page/"
    urls["sitemap"] = "/sitemap.xml"
    urls["health"] = "/health/"
    return urls


def assert_public_headers(response):
    headers = response.headers
    assert headers["Content-Security-Policy"] == PUBLIC_POLICY
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in permissions


def test_every_page_type_gets_the_headers_and_an_a_plus(seeded, production):
    client = https_client()
    for name, url in public_urls().items():
        response = client.get(url)
        assert response.status_code in {200, 404}, (name, url, response.status_code)
        assert_public_headers(response)
        # The same address over plain HTTP. /health/ answers there on purpose
        # (load balancers probe it); the Observatory grades the site's pages.
        redirect = None if name == "health" else Client().get(url)
        score, results = observatory_score(response, redirect)
        assert score >= 100, (name, url, score, results)
        assert results["csp"] == 10 and results["x-frame-options"] == 5 and results["referrer"] == 5, (name, results)


def test_the_503_page_gets_the_headers_too(seeded, production):
    with unreachable_database():
        response = https_client().get("/international/")
    assert response.status_code == 503
    assert_public_headers(response)
    assert observatory_score(response)[0] >= 100


def test_public_policy_has_no_nonce_so_cached_pages_serve_everyone(seeded, production):
    client = https_client()
    first = client.get("/international/eurocities/")
    second = client.get("/international/eurocities/")  # from the page cache
    assert first.status_code == second.status_code == 200
    for response in (first, second):
        assert "nonce-" not in response["Content-Security-Policy"]
        assert "unsafe" not in response["Content-Security-Policy"]
        assert_public_headers(response)
    assert first.content == second.content


def test_public_pages_have_no_inline_script_or_style(seeded, production):
    """What the public policy forbids must not be in the pages (JSON-LD data blocks are not scripts)."""
    client = https_client()
    for name, url in public_urls().items():
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert 'type="application/ld+json"' in tag or " src=" in tag, (name, tag)
        assert not re.search(r"\sstyle=", html), name
        assert "<style" not in html, name
        assert not re.search(r"\son[a-z]+=", html), name


def test_http_redirects_to_https_on_the_same_host(seeded, production):
    response = Client().get("/international/", HTTP_HOST="localhost")
    assert response.status_code == 301
    assert response["Location"] == "https://localhost/international/"


def test_public_pages_set_no_cookies(seeded, production):
    client = https_client()
    for name, url in public_urls().items():
        assert not client.get(url).cookies, name


def test_admin_csrf_cookie_is_secure_httponly_samesite(db, production):
    response = https_client().get("/admin/login/")
    assert response.status_code == 200
    cookie = response.cookies["csrftoken"]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert observatory_score(response)[1]["cookies"] == 5


def test_admin_sign_in_cookies_are_secure_httponly_samesite(db, production):
    make_editor("editor")
    client = https_client()
    response = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert observatory_score(response)[1]["cookies"] == 5


def test_admin_has_its_own_policy(seeded, production):
    response = https_client().get("/admin/login/")
    policy = parse_csp(response["Content-Security-Policy"])
    # Wagtail's admin needs inline scripts; it may still only be framed by itself (live preview).
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_the_scorer_can_fail():
    """The grading above means something: a bare response scores far below an A+."""
    from django.http import HttpResponse

    bare = HttpResponse("<p>hi</p>")
    bare.set_cookie("sessionid", "x")
    score, results = observatory_score(bare)
    assert results == {
        "csp": -25,
        "cookies": -40,
        "cors": 0,
        "referrer": 0,
        "hsts": -20,
        "sri": 0,
        "x-content-type-options": -5,
        "x-frame-options": -20,
        "corp": 0,
    }
    assert score < 0
    inline = HttpResponse("")
    inline["Content-Security-Policy"] = "default-src 'none'; script-src 'self' 'unsafe-inline'"
    assert observatory_score(inline)[1]["csp"] == -20
