"""Check every external link on the live pages and record the results (the ``check_links`` command)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.site import site_name

from . import fetch
from .links import external_links, external_links_elsewhere
from .models import LinkCheck

DEFAULTS = {"workers": 4, "timeout": 10, "max_redirects": 5}


def option(name):
    return getattr(settings, f"LINKCHECK_{name.upper()}", DEFAULTS[name])


def user_agent():
    """Names the site and where it lives, so a site owner reading their logs knows who is asking."""
    home = getattr(settings, "SITE_URL", "") or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return f"LeedsNetworksLinkChecker/1.0 (+{home}; link checker for {site_name()})"


def check_all(urls, *, workers, timeout, max_redirects):
    """Results for ``urls``: at most ``workers`` requests at once, and one at a time per site, to be polite."""
    agent = user_agent()
    host_locks = {urlsplit(url).hostname: threading.Lock() for url in urls}

    def one(url):
        with host_locks[urlsplit(url).hostname]:
            return fetch.check(url, user_agent=agent, timeout=timeout, max_redirects=max_redirects)

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(one, sorted(urls)))


@transaction.atomic
def record(results, used_on, used_elsewhere):
    """Keep the latest result per address, with the pages and other things using it; forget addresses unused now."""
    now = timezone.now()
    for result in results:
        check, _ = LinkCheck.objects.update_or_create(
            url=result.url,
            defaults={
                "ok": result.ok,
                "status": result.status,
                "error": result.error,
                "checked_at": now,
                "used_elsewhere": sorted(map(list, used_elsewhere.get(result.url, ()))),
            },
        )
        check.pages.set(used_on.get(result.url, ()))
    LinkCheck.objects.exclude(url__in=[result.url for result in results]).delete()


def check_links(workers=None, timeout=None, max_redirects=None):
    used_on = external_links()
    used_elsewhere = external_links_elsewhere()
    results = check_all(
        used_on.keys() | used_elsewhere.keys(),
        workers=workers or option("workers"),
        timeout=timeout or option("timeout"),
        max_redirects=max_redirects if max_redirects is not None else option("max_redirects"),
    )
    record(results, used_on, used_elsewhere)
    return results
