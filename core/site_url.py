"""The site knows its address: ``SITE_URL`` sets the default Wagtail Site's host name, port and name.

Wagtail builds every full link from the Site record: canonical links, ``og:url``,
the sitemap, "view the page" in notification emails. Left at ``localhost:80`` it
sends visitors and approvers to the wrong place, and non-superusers' dashboards
are titled "localhost". ``migrate`` (a post_migrate handler) and ``seed_content``
apply SITE_URL, so setting it in the environment and deploying is enough.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url):
    """(hostname, port) from an address such as ``https://international.leeds.gov.uk``."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path.strip("/") or parts.query:
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's address, for example https://international.leeds.gov.uk, not {url!r}."
        )
    return parts.hostname, parts.port or DEFAULT_PORTS[parts.scheme]


def site_fields():
    """What the default Site should say: always the site name; the host and port when SITE_URL is set."""
    fields = {"site_name": settings.WAGTAIL_SITE_NAME}
    if getattr(settings, "SITE_URL", ""):
        fields["hostname"], fields["port"] = parse_site_url(settings.SITE_URL)
    return fields


def apply_site_url(site_model=None, using="default"):
    """Bring the default Site in line with SITE_URL and WAGTAIL_SITE_NAME; returns it (or None if there is none)."""
    if site_model is None:
        from wagtail.models import Site as site_model
    site = site_model.objects.using(using).filter(is_default_site=True).first()
    if site is None:
        return None
    changed = {name: value for name, value in site_fields().items() if getattr(site, name) != value}
    if changed:
        for name, value in changed.items():
            setattr(site, name, value)
        site.save(using=using, update_fields=list(changed))
    return site


def apply_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    """post_migrate: once per ``migrate`` (for wagtailcore, which owns the Site), after every app's migrations."""
    if app_config is None or app_config.label != "wagtailcore":
        return
    try:
        site_model = apps.get_model("wagtailcore", "Site") if apps else None
    except LookupError:  # wagtailcore not migrated in this run (migrate of one app up to an early point)
        return
    apply_site_url(site_model, using=using)
