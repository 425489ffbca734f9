"""The approver in `make loadtest`: publishes a change every few seconds and checks the next request shows it.

Runs with production settings against the load test's database, as a second
process beside gunicorn: it publishes a new revision of a network page through
the ORM (as Wagtail's "Publish" does), then at once asks the server for the
network page and the landing page, which must both show the new summary
(the page cache must not serve the old one). Writes its findings as JSON.
"""

import json
import os
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.utils.html import escape  # noqa: E402

from networks.models import NetworkPage  # noqa: E402

BASE_URL = os.environ["LOADTEST_URL"]
DURATION = float(os.environ.get("LOADTEST_SECONDS", "60"))
INTERVAL = float(os.environ.get("LOADTEST_PUBLISH_INTERVAL", "3"))
HEADERS = {"X-Forwarded-Proto": "https"}


def get(path):
    request = urllib.request.Request(BASE_URL + path, headers=HEADERS)  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read().decode()


def approver():
    user, _ = User.objects.get_or_create(username="loadtest-approver", defaults={"email": "approver@example.org"})
    group = Group.objects.filter(name="Communications approvers").first()
    if group:
        user.groups.add(group)
    return user


def main():
    user = approver()
    pages = list(NetworkPage.objects.live().order_by("path"))
    # Room for the marker within the 250-character summary.
    base = {page.pk: page.summary[:190].rstrip() for page in pages}
    landing = pages[0].get_parent().specific
    results = []
    started = time.monotonic()
    number = 0
    while time.monotonic() - started < DURATION - INTERVAL:
        time.sleep(INTERVAL)
        number += 1
        page = NetworkPage.objects.get(pk=pages[number % len(pages)].pk)
        token = f"Load test change {number} at {time.time():.3f}."
        page.summary = f"{base[page.pk]} {token}"
        revision = page.save_revision(user=user)
        published_at = time.monotonic()
        revision.publish(user=user)
        published_took = time.monotonic() - published_at
        shown = {}
        for name, path in (("network page", page.url), ("landing page", landing.url)):
            status, html = get(path)
            shown[name] = status == 200 and escape(token) in html
        results.append(
            {
                "change": number,
                "page": page.url,
                "publish_seconds": round(published_took, 3),
                "next_request_shows_it": shown,
            }
        )
    Path(os.environ["LOADTEST_PUBLISHER_REPORT"]).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
