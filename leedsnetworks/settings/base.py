"""Settings shared by every environment.

Secure by default: DEBUG is off and nothing here is safe to relax. ``dev.py``
relaxes for a laptop, ``test.py`` tunes for speed, ``production.py`` reads
everything from the environment.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

from core.video import VIDEO_FRAME_ORIGINS

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

DEBUG = False

# The site's name, written here once: the admin, every template (core_tags.site_name),
# the error pages, views and the authenticator app all read it from here.
WAGTAIL_SITE_NAME = "Leeds international networks"

# No fallback: each environment module decides where its key comes from, and
# production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # Shared code first; apps by job above it (docs/development.md, "Where things live").
    "core",
    "editorial",
    "networks",
    "standardpages",
    "reports",
    "search",
    "alerts",
    "contacts",
    "linkcheck",
    "home",
    "api",
    "previews",
    "seed",
    "adminsecurity",
    "ops",
    "pagecache",
    "edgecache",
    # Translation of pages and snippets in the admin (docs/translation.md); its
    # locales app replaces wagtail.locales with one that also syncs trees.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.typed_table_block",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "editorial.apps.UsersConfig",  # wagtail.users, with role descriptions on the user form
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Straight after SecurityMiddleware so static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Inside the CSP middleware: hands it the admin's policy on /admin/.
    "adminsecurity.middleware.AdminContentSecurityPolicyMiddleware",
    "core.middleware.CrossOriginResourcePolicyMiddleware",
    # The language comes from the URL prefix only (/fr/, /de/…), never from the
    # browser, so one URL shows one thing to everyone and caches stay shared.
    # Outside the page and edge caches: their URL resolving needs the language active.
    "core.middleware.URLLanguageMiddleware",
    # Outside everything that queries, so a dead database gives the static 503.
    "core.middleware.DatabaseUnavailableMiddleware",
    # Cache-Control for a CDN or Varnish in front (edgecache/). Outside the page
    # cache so it stores pages without these headers and hits get them here.
    "edgecache.middleware.EdgeCacheHeadersMiddleware",
    # CORS headers on /api/ (api/middleware.py); outside the page cache so a
    # cached answer gets the headers for the origin asking now.
    "api.middleware.APICorsMiddleware",
    # Anonymous page views from the shared cache (pagecache/). Inside the
    # security-header middleware so cached responses get those headers too.
    "pagecache.middleware.PageCacheMiddleware",
    # Inside the page cache (a hit needs neither): the site and its root paths
    # from memory, not a query and cache round trips on every page.
    "core.middleware.KnownSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user as verified when the session holds a confirmed OTP device.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Until their second factor is verified, approvers and administrators reach no admin page
    # and are anonymous everywhere else (restricted pages, private documents): docs/staff-sign-in.md.
    "adminsecurity.middleware.RequireTwoFactorMiddleware",
    # Messages after "Approve" or "Request changes" on the dashboard, and approval refused by the checks.
    "editorial.middleware.WorkflowFeedbackMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "leedsnetworks.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "leedsnetworks.wsgi.application"

# One variable for every environment: SQLite in the project when unset, so a
# newcomer needs no database server; PostgreSQL in production and CI.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and os.environ.get("DB_CONNECT_TIMEOUT"):
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(os.environ["DB_CONNECT_TIMEOUT"])
# Wagtail's search index uses PostgreSQL's full-text fields there, which need
# this app (system check postgres.E005 otherwise).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes first: it refuses a locked-out sign-in before the password is checked.
# AxesBackend (not AxesStandaloneBackend) because Wagtail's test helpers log in
# with the first backend, which must also be able to load users.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Admin sign-in lockout (django-axes). Locking on username *and* address means
# someone guessing passwords cannot lock a colleague out from elsewhere, and one
# address cannot keep guessing one account.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "adminsecurity/lockout.html"
# One row per failed attempt (kept as a record), besides the per-user counter.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind a proxy every request comes from the proxy's address: say how many
# proxies append to X-Forwarded-For so the lockout sees the visitor's address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "core.client_ip.client_ip"
# Named on the lockout page as who to ask for an unlock.
ADMIN_SUPPORT_CONTACT = os.environ.get("ADMIN_SUPPORT_CONTACT", "the council's web team")

# Two-factor sign-in (django-otp). ON here and so in production; dev.py may
# switch the requirement off. Anyone who has set up an authenticator app must
# still use it, whatever this says.
ADMIN_TWO_FACTOR_REQUIRED = True
# Superusers always need it; so does everyone in these groups.
ADMIN_TWO_FACTOR_GROUPS = ["Communications approvers"]
# The name people see in their authenticator app.
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Hours a one-time enrolment code (needed before a first authenticator app) stays valid.
ADMIN_ENROLMENT_CODE_HOURS = 72
# Password reset (adminsecurity/password_reset.py), counted in the database per hour.
PASSWORD_RESET_REQUESTS_PER_ADDRESS = 10
PASSWORD_RESET_EMAILS_PER_ACCOUNT = 3

# English is the default, at URLs with no prefix; every other language is under
# /<code>/ (docs/translation.md). The code stays "en-gb": existing databases hold
# a Locale row with it.
LANGUAGE_CODE = "en-gb"
# Each language's name in that language, for the language switcher.
LANGUAGE_NAMES = {
    "en-gb": "English",
    "fr": "Français",
    "de": "Deutsch",
    "zh-hans": "简体中文",
    "pl": "Polski",
    "ur": "اردو",
    "ar": "العربية",
    "es": "Español",
    "it": "Italiano",
    "nl": "Nederlands",
    "cs": "Čeština",
    "uk": "Українська",
}


def site_languages(value):
    """[(code, name)…] from SITE_LANGUAGES ("en-gb,fr,de,zh-hans"), the default language first.

    A code without a name above may give one: "pa:ਪੰਜਾਬੀ".
    """
    languages = []
    for item in value.split(","):
        code, _, name = item.strip().partition(":")
        code = code.strip().lower()
        if code and code not in dict(languages):
            languages.append((code, name.strip() or LANGUAGE_NAMES.get(code, code)))
    if LANGUAGE_CODE not in dict(languages):
        languages.insert(0, (LANGUAGE_CODE, LANGUAGE_NAMES[LANGUAGE_CODE]))
    return languages


LANGUAGES = site_languages(os.environ.get("SITE_LANGUAGES", "en-gb,fr,de,zh-hans"))
# Wagtail's content languages are the site's languages: a Locale for each (seed_content makes them).
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# A new translation starts as a draft that goes through approval like any page.
# wagtail-localize's default publishes it at once when its English page is live
# (with English text, skipping the workflow).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Interface text (templates' {% translate %}, gettext in Python) is translated by
# the catalogues in locale/ (docs/translation.md, "Interface text"); page content by the CMS.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates follow each language's own format; core/formats changes only British English's.
FORMAT_MODULE_PATH = ["core.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Fingerprinted, gzip-compressed copies; WhiteNoise serves fingerprinted
    # names with "max-age=315360000, public, immutable" (tests/test_static_assets.py).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Cookies: nothing the public sees sets one; the admin's are locked down.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8  # a working day
# Wagtail's "Remember me" keeps a session for SESSION_COOKIE_AGE at most;
# without it (and for any other login) the session ends with the browser.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django has no middleware for this header; core.middleware sends it.
SECURE_CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Content-Security-Policy for public pages: nothing inline and no nonce, so the
# full-page cache can serve one copy to everyone. production.py adds the media
# host to img-src when media lives in a bucket. Scripts from 'self' only for
# Wagtail's userbar, which signed-in editors see on live pages.
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    # Only the video block's players, and only once a visitor presses play (core/video.py).
    "frame-src": VIDEO_FRAME_ORIGINS,
}
# The admin's own policy (sent on /admin/ by adminsecurity.middleware): Wagtail 8's admin
# templates still carry inline scripts and style attributes, image previews use
# blob: and data: URLs, and the live preview is a same-origin frame.
ADMIN_SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.NONE],
}
# Features no page here uses (django-permissions-policy). Clipboard and
# fullscreen stay at the browser's same-origin default for the admin.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Seconds a visitor is asked to wait (Retry-After) while the database is down.
DATABASE_UNAVAILABLE_RETRY_AFTER = 120

# Local memory here (one process); production.py switches to Redis from REDIS_URL.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "leedsnetworks",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}


def redis_cache(url, key_prefix="leedsnetworks", breaker_seconds=5):
    """django-redis settings for REDIS_URL.

    Redis being down must not take the site down: errors are logged and
    ignored (a miss on read, nothing on write), and short timeouts stop a
    dead server from holding up each request. After one failure the circuit
    breaker (pagecache/breaker.py) stops calling Redis for `breaker_seconds`,
    so a hung Redis costs one timeout, not one per call.
    """
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "pagecache.breaker.BreakerClient",
            "BREAKER_SECONDS": breaker_seconds,
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Page cache (pagecache/): anonymous GETs of these views, with only these query
# parameters, are served from CACHES["default"] until content changes.
PAGECACHE_ENABLED = True
PAGECACHE_TIMEOUT = 60 * 10
# The content API's answers are the same for everyone too (api/views.py), so
# they are cached like pages and emptied on publish like pages.
PAGECACHE_VIEWS = [
    "wagtail_serve",
    "search",
    "wagtailapi:pages:listing",
    "wagtailapi:pages:detail",
    "wagtailapi:images:listing",
    "wagtailapi:images:detail",
    "wagtailapi:documents:listing",
    "wagtailapi:documents:detail",
]
# The landing page's theme filter; search words and result pages; the API's
# everyday parameters (others reach the API uncached).
PAGECACHE_QUERY_PARAMS = [
    "theme",
    "q",
    "page",
    "type",
    "fields",
    "limit",
    "offset",
    "order",
    "search",
    "child_of",
    "descendant_of",
]
# Campaign tags (a regular expression matching whole parameter names): nothing
# reads them, so they are taken off cacheable requests (pagecache/middleware.py)
# and every visitor from a shared link gets the one cached copy. The same
# names as varnish/default.vcl strips (tests/test_page_cache_keys.py).
PAGECACHE_TRACKING_PARAMS = r"utm_[a-z]+|gclid|fbclid"
# How old (seconds) a process's view of the database generation may be (pagecache/cache.py).
PAGECACHE_GENERATION_CHECK_SECONDS = 1.0

# A CDN or Varnish in front (edgecache/, docs/edge-cache.md): public pages from
# these views say a shared cache may keep them this many seconds (s-maxage).
EDGECACHE_MAX_AGE = 60
EDGECACHE_VIEWS = ["wagtail_serve", "search", "sitemap"]
# Wagtail's frontend-cache backends to purge on publish; production.py reads
# them from the environment. Empty: nothing is purged.
WAGTAILFRONTENDCACHE = {}
# Wagtail's purge would rewrite each URL's language prefix into every other
# language's, which assumes every language has a prefix; English has none here.
# edgecache/purge.py names each language's URLs itself (the page's translations).
WAGTAILFRONTENDCACHE_LANGUAGES = []
# A second purge this many seconds after the first (edgecache/purge.py).
EDGECACHE_REPURGE_SECONDS = 2

# Django 6.1 mailers: the console in development; production.py sends by SMTP.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "international@leeds.gov.uk")

# Wagtail
# The site's public address, for example https://international.leeds.gov.uk (`make run`
# sets http://127.0.0.1:PORT). `migrate` and `seed_content` copy its host name and port
# into the default Wagtail Site, from which canonical links, og:url, the sitemap and
# "view the page" links are built (docs/site-address.md).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# Links to the admin in notification emails: SITE_URL unless set separately.
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/") or SITE_URL or "http://127.0.0.1:8000"
)
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Every document downloads as an attachment, PDFs included (Wagtail shows PDFs inline by default).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decompression bombs: refuse anything over 40 megapixels before Pillow decodes it.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Broken images and pixel bombs get a message before Pillow decodes them (see adminsecurity/images.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "adminsecurity.images.CheckedImageForm"
# Only login-restricted privacy: shared page passwords get passed around.
# Wagtail 8 reads the SHARED_PASSWORD key (a "password" key does nothing).
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Approval publishes only a revision that passes the edit form's checks (alt text): editorial/approval.py.
WAGTAIL_FINISH_WORKFLOW_ACTION = "editorial.approval.publish_after_checks"
# No Gravatar: editors' email hashes stay here and the admin CSP stays on 'self'.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# The link checker (linkcheck/fetch.py) fetches only public internet addresses; networks
# listed here (e.g. "10.20.0.0/16") may be fetched too. Editors' links never reach the rest.
LINKCHECK_ALLOWED_NETWORKS = []

# Content API (api/, docs/api.md): read-only, public content only.
# Rich text as the HTML the site shows, not Wagtail's database HTML.
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_SEARCH_ENABLED = True
# Other sites whose pages may read the API from a browser, e.g. "https://www.leeds.gov.uk".
API_CORS_ALLOWED_ORIGINS = []
# (requests, seconds) per client address; over it answers 429.
API_RATE_LIMIT = (120, 60)
# Seconds a browser or CDN may reuse an answer; the page cache is emptied on publish.
API_CACHE_MAX_AGE = 60
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # One line per background task is noise at INFO.
        "django_tasks": {"level": "WARNING"},
    },
}
