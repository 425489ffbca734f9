"""WAGTAILFRONTENDCACHE and the shared-cache lifetime from the environment (settings/production.py).

docs/edge-cache.md lists the variables. Nothing set means nothing to purge,
and shared caches keep pages for a minute at most.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Seconds a shared cache may keep a public page: short when nothing purges
# it, longer when publishing purges. What no purge covers (site settings,
# themes, images) shows within this time.
MAX_AGE_WITHOUT_PURGING = 60
MAX_AGE_WITH_PURGING = 600


def frontend_cache_from_env(environ):
    backends = {}
    location = environ.get("FRONTEND_CACHE_LOCATION", "").strip()
    if location:
        parts = urlsplit(location)
        if parts.scheme not in {"http", "https"} or not parts.netloc:
            raise ImproperlyConfigured(
                f"FRONTEND_CACHE_LOCATION must be the cache's address, like http://127.0.0.1:6081 (got {location!r})."
            )
        backends["http"] = {"BACKEND": "edgecache.backends.HTTPBackend", "LOCATION": location}
    cloudflare = _cloudflare(environ)
    if cloudflare:
        backends["cloudflare"] = cloudflare
    distribution = environ.get("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID", "").strip()
    if distribution:
        # boto3 reads AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or the instance role) itself.
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": distribution,
        }
    return backends


def _cloudflare(environ):
    # Spelled out so a search for a variable finds where it is read.
    values = {
        "ZONEID": environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID", ""),
        "BEARER_TOKEN": environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN", ""),
        "EMAIL": environ.get("FRONTEND_CACHE_CLOUDFLARE_EMAIL", ""),
        "API_KEY": environ.get("FRONTEND_CACHE_CLOUDFLARE_API_KEY", ""),
    }
    values = {name: value.strip() for name, value in values.items()}
    if not any(values.values()):
        return None
    if not values["ZONEID"]:
        raise ImproperlyConfigured("FRONTEND_CACHE_CLOUDFLARE_ZONEID is needed to purge Cloudflare.")
    config = {"BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend", "ZONEID": values["ZONEID"]}
    if values["BEARER_TOKEN"]:
        config["BEARER_TOKEN"] = values["BEARER_TOKEN"]
    elif values["EMAIL"] and values["API_KEY"]:
        config.update(EMAIL=values["EMAIL"], API_KEY=values["API_KEY"])
    else:
        raise ImproperlyConfigured(
            "Cloudflare purging needs FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN (an API token with Cache Purge "
            "permission), or both FRONTEND_CACHE_CLOUDFLARE_EMAIL and FRONTEND_CACHE_CLOUDFLARE_API_KEY."
        )
    return config


def max_age_from_env(environ, purging):
    value = environ.get("EDGE_CACHE_MAX_AGE", "").strip()
    if not value:
        return MAX_AGE_WITH_PURGING if purging else MAX_AGE_WITHOUT_PURGING
    if not value.isdigit():
        raise ImproperlyConfigured(f"EDGE_CACHE_MAX_AGE must be a whole number of seconds (got {value!r}).")
    return int(value)
