"""Production: everything from the environment, nothing assumed."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from edgecache.config import frontend_cache_from_env, max_age_from_env
from ops.logconfig import json_logging

from .base import *  # noqa: F403
from .base import ADMIN_SECURE_CSP, BASE_DIR, DEFAULT_FROM_EMAIL, SECURE_CSP, STATIC_ROOT, STORAGES


def _env_list(name):
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def _env_bool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {value!r}).")


def _env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {value!r}).") from None


def _require(name, meaning):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production settings refuse to start without {meaning}: "
            f"set {name} in the environment (see .env.example)."
        )
    return value


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Production settings refuse to start without it: "
        "set SECRET_KEY in the environment (see .env.example)."
    )

DEBUG = False

ALLOWED_HOSTS = [host.strip() for host in _require("ALLOWED_HOSTS", "the site's host names").split(",") if host.strip()]
# Full origins (https://www.example.org) allowed to POST, for a proxy that
# rewrites Host or an admin on another host name.
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"} or not urlsplit(_origin).netloc:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entries must be origins like https://example.org (got {_origin!r})."
        )

# Other sites whose pages may read the content API from a browser (docs/api.md).
API_CORS_ALLOWED_ORIGINS = _env_list("API_CORS_ALLOWED_ORIGINS")
for _origin in API_CORS_ALLOWED_ORIGINS:
    _parts = urlsplit(_origin)
    if _parts.scheme != "https" or not _parts.netloc or _parts.path or _origin.endswith("/"):
        raise ImproperlyConfigured(
            f"API_CORS_ALLOWED_ORIGINS entries must be origins like https://www.leeds.gov.uk (got {_origin!r})."
        )

# PostgreSQL only: persistent connections (a worker reuses its connection for
# DB_CONN_MAX_AGE seconds), checked before reuse so a restarted server costs
# one reconnect instead of an error, and a short connect timeout so a dead
# server gives the 503 page quickly instead of hanging a worker.
DATABASES = {
    "default": dj_database_url.parse(
        _require("DATABASE_URL", "a PostgreSQL database"),
        conn_max_age=_env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL must point at PostgreSQL in production (postgres://user:password@host:5432/name)."
    )
# A database that stops answering must cost a visitor seconds, not minutes
# (docs/faults.md). Each limit is an environment variable:
# - DB_CONNECT_TIMEOUT: connecting, including the start-up handshake.
# - DB_STATEMENT_TIMEOUT (ms): the server cancels a query that runs longer.
# - TCP keepalives and DB_TCP_USER_TIMEOUT (ms): the kernel drops a connection
#   whose packets go unacknowledged (a dead link, a vanished server).
# - DB_QUERY_DEADLINE (s): core/postgresql cuts the connection from the client
#   side when a round trip takes longer, for a server or proxy that accepts
#   packets and never answers, which none of the above notice.
_statement_timeout_ms = _env_int("DB_STATEMENT_TIMEOUT", 5000)
DATABASES["default"]["ENGINE"] = "core.postgresql"
DATABASES["default"].setdefault("OPTIONS", {}).update(
    {
        "connect_timeout": _env_int("DB_CONNECT_TIMEOUT", 3),
        "options": f"-c statement_timeout={_statement_timeout_ms}",
        "keepalives": 1,
        "keepalives_idle": _env_int("DB_KEEPALIVES_IDLE", 30),
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": _env_int("DB_TCP_USER_TIMEOUT", 10000),
        # 0 switches a limit off; with no statement timeout there is no default deadline either.
        "query_deadline": _env_int(
            "DB_QUERY_DEADLINE", _statement_timeout_ms // 1000 + 2 if _statement_timeout_ms else 0
        ),
        "health_check_deadline": 2,
    }
)

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it
# from what clients send). The proxy usually redirects to https itself;
# SECURE_SSL_REDIRECT=false only for `make serve` on a laptop.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# Email through SMTP (Django 6.1 mailers).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": _env_int("EMAIL_PORT", 587),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _env_bool("EMAIL_USE_TLS", True),
            "use_ssl": _env_bool("EMAIL_USE_SSL", False),
            "timeout": _env_int("EMAIL_TIMEOUT", 10),
        },
    }
}
if MAILERS["default"]["OPTIONS"]["use_tls"] and MAILERS["default"]["OPTIONS"]["use_ssl"]:
    raise ImproperlyConfigured("Set only one of EMAIL_USE_TLS (STARTTLS, port 587) and EMAIL_USE_SSL (port 465).")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# The site's public address (base.py, docs/site-address.md).
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
# Links in notification emails: WAGTAILADMIN_BASE_URL, else SITE_URL, else the first host name.
if SITE_URL and not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(f"SITE_URL must start with https:// in production, not {SITE_URL!r}.")
WAGTAILADMIN_BASE_URL = (
    os.environ.get("WAGTAILADMIN_BASE_URL", "").strip().rstrip("/")
    or SITE_URL
    or f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
)

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or STATIC_ROOT)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media/"
# Media on local disk is normally served by the proxy; SERVE_MEDIA=true lets
# Django serve it (for `make serve`, or a host with no proxy config for /media/).
SERVE_MEDIA = False

# Media in an S3-compatible bucket when one is named. Credentials come from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, which boto3 reads itself. Image
# renditions are linked straight from the bucket (or its CDN), so it must
# serve objects publicly; documents are always streamed through Django.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    _custom_domain = os.environ.get("AWS_S3_CUSTOM_DOMAIN", "").strip().rstrip("/")
    _endpoint = os.environ.get("AWS_S3_ENDPOINT_URL", "").strip().rstrip("/")
    _region = os.environ.get("AWS_S3_REGION_NAME", "").strip()
    STORAGES = {
        **STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": _endpoint or None,
                "region_name": _region or None,
                "custom_domain": _custom_domain or None,
                # Path-style URLs (endpoint/bucket/key) keep the media origin
                # one fixed host that the CSP can name.
                "addressing_style": "path",
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": None,
                "object_parameters": {"CacheControl": "max-age=86400"},
            },
        },
    }
    if _custom_domain:
        MEDIA_ORIGIN = f"https://{_custom_domain}"
    elif _endpoint:
        MEDIA_ORIGIN = f"{urlsplit(_endpoint).scheme}://{urlsplit(_endpoint).netloc}"
    else:
        MEDIA_ORIGIN = f"https://s3.{_region}.amazonaws.com" if _region else "https://s3.amazonaws.com"
    SECURE_CSP = {**SECURE_CSP, "img-src": [*SECURE_CSP["img-src"], MEDIA_ORIGIN]}
    ADMIN_SECURE_CSP = {**ADMIN_SECURE_CSP, "img-src": [*ADMIN_SECURE_CSP["img-src"], MEDIA_ORIGIN]}
else:
    SERVE_MEDIA = _env_bool("SERVE_MEDIA", False)

# JSON lines on stdout, for the log collector.
LOGGING = json_logging(os.environ.get("LOG_LEVEL", "INFO"))

# One Redis for every worker. Without it each worker would keep its own page
# cache and a publish would empty only one of them, so the page cache is off.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL, breaker_seconds=_env_int("REDIS_BREAKER_SECONDS", 5))}  # noqa: F405
else:
    PAGECACHE_ENABLED = False

# A CDN or Varnish in front, purged when editors publish (docs/edge-cache.md):
# FRONTEND_CACHE_LOCATION, FRONTEND_CACHE_CLOUDFLARE_*, FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID.
WAGTAILFRONTENDCACHE = frontend_cache_from_env(os.environ)
EDGECACHE_MAX_AGE = max_age_from_env(os.environ, purging=bool(WAGTAILFRONTENDCACHE))
