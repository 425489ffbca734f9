"""The site behind a real Varnish 7 (varnish/default.vcl), purged by Wagtail when editors publish.

A private varnishd (its own working directory, a free port on 127.0.0.1,
``-j none`` so it runs as whoever runs the tests) sits in front of Django's
live server. Every request the live server answers is counted, so "served by
Varnish" means the backend was not asked. Visitors' requests carry the site's
host name with Varnish's port, as a browser would send them.

Skipped with a message when varnishd is not installed, except in CI, which
installs it (.ci/run).
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.urls import reverse
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from tests.editorial import make_superuser, network_form, signed_in_client
from tests.factories import NetworkPageFactory, build_site
from tests.ops_support import closed_port, reachable
from tests.site_crawl import card_titles

ROOT = Path(__file__).resolve().parent.parent


class KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# Redirects come back as they are, so a test sees what Varnish answered.
NO_REDIRECTS = urllib.request.build_opener(KeepRedirects)
pytestmark = pytest.mark.django_db(transaction=True)


class Varnish:
    """varnishd with the project's VCL in front of the backend on backend_port."""

    def __init__(self, backend_port):
        self.port = closed_port()
        self.workdir = Path(tempfile.mkdtemp(prefix="ln-varnish-"))
        backend = (ROOT / "varnish" / "backend.vcl").read_text()
        assert '.port = "8000";' in backend
        (self.workdir / "backend.vcl").write_text(backend.replace('.port = "8000";', f'.port = "{backend_port}";'))
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("varnishd"),
                *("-F", "-j", "none", "-n", str(self.workdir)),
                *("-a", f"127.0.0.1:{self.port}"),
                *("-f", str(ROOT / "varnish" / "default.vcl")),
                *("-p", f"vcl_path={self.workdir}:{ROOT / 'varnish'}"),
                *("-s", "malloc,64m"),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 60
        while not reachable("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("varnishd did not start:\n" + (self.process.stdout.read() or ""))
            time.sleep(0.1)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def forget_everything(self):
        """Empty the cache between tests (a ban on every object)."""
        subprocess.run(  # noqa: S603
            [shutil.which("varnishadm"), "-n", str(self.workdir), "ban", "req.url ~ ."],
            check=True,
            capture_output=True,
            timeout=20,
        )

    def get(self, path, cookie=None, method="GET", headers=None):
        """(status, headers, body) for a visitor's request to the site's host through Varnish."""
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method)
        request.add_header("Host", f"localhost:{self.port}")
        if cookie:
            request.add_header("Cookie", cookie)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with NO_REDIRECTS.open(request, timeout=30) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


@pytest.fixture(scope="module")
def varnishd(live_server):
    if shutil.which("varnishd") is None:
        if os.environ.get("CI"):
            pytest.fail("varnishd is not installed; CI installs it (.ci/run: apt-get install varnish).")
        pytest.skip("varnishd is not installed (apt-get install varnish) - the edge-cache tests need Varnish 7.")
    varnish = Varnish(live_server.thread.port)
    varnish.start()
    yield varnish
    varnish.stop()


@pytest.fixture
def edge(varnishd, settings):
    """Varnish, emptied, with Wagtail purging it; and a count of requests the backend answered."""
    settings.WAGTAILFRONTENDCACHE = {
        "varnish": {"BACKEND": "edgecache.backends.HTTPBackend", "LOCATION": f"http://127.0.0.1:{varnishd.port}"}
    }
    varnishd.forget_everything()
    varnishd.backend_requests = []
    finished = []

    def count(sender, environ=None, **kwargs):
        varnishd.backend_requests.append((environ or {}).get("PATH_INFO"))

    def count_finished(sender, **kwargs):
        finished.append(True)

    request_started.connect(count, dispatch_uid="edge-cache-test-counter")
    request_finished.connect(count_finished, dispatch_uid="edge-cache-test-finished")
    yield varnishd
    # Varnish may still be refreshing a stale copy in the background: let the
    # backend finish before the database is flushed under it.
    deadline = time.monotonic() + 10
    while len(finished) < len(varnishd.backend_requests) and time.monotonic() < deadline:
        time.sleep(0.05)
    request_started.disconnect(dispatch_uid="edge-cache-test-counter")
    request_finished.disconnect(dispatch_uid="edge-cache-test-finished")


@pytest.fixture
def site(transactional_db):
    # A flushed database has neither Wagtail's locale nor its root page.
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    home, landing = build_site()
    a = NetworkPageFactory(parent=landing, title="Network A", slug="network-a")
    b = NetworkPageFactory(parent=landing, title="Network B", slug="network-b")
    return home, landing, a, b


@pytest.fixture
def editor(transactional_db):
    return signed_in_client(make_superuser("edge-editor"))


def from_cache(edge, path, **kwargs):
    """A request Varnish must answer itself: the backend is not asked."""
    asked = len(edge.backend_requests)
    status, headers, body = edge.get(path, **kwargs)
    assert len(edge.backend_requests) == asked, f"{path} reached the backend"
    assert len(headers["X-Varnish"].split()) == 2, headers["X-Varnish"]  # this request's id and the stored object's
    return status, headers, body


def from_backend(edge, path, **kwargs):
    asked = len(edge.backend_requests)
    status, headers, body = edge.get(path, **kwargs)
    assert len(edge.backend_requests) == asked + 1, f"{path} was not fetched from the backend"
    assert len(headers["X-Varnish"].split()) == 1, headers["X-Varnish"]
    return status, headers, body


def warm(edge, *paths):
    for path in paths:
        status, _, _ = from_backend(edge, path)
        assert status == 200, path
        from_cache(edge, path)


def publish_title(editor, page, title):
    data = network_form(page, title=title)
    data["action-publish"] = "1"
    response = editor.post(reverse("wagtailadmin_pages:edit", args=(page.pk,)), data)
    assert response.status_code == 302, response.content[:3000]


def test_public_pages_are_stored_and_shared(edge, site):
    home, landing, a, _ = site
    for path in [home.url, landing.url, a.url, "/search/?q=network", "/sitemap.xml"]:
        status, headers, _ = from_backend(edge, path)
        assert status == 200
        assert headers["Cache-Control"].startswith("public")
        _, cached, _ = from_cache(edge, path)
        assert cached["X-Cache"] == "HIT"


def test_a_publish_in_the_admin_is_visible_through_varnish_on_the_next_request(edge, site, editor):
    home, landing, a, b = site
    warm(edge, home.url, landing.url, a.url, b.url, "/search/?q=network")
    publish_title(editor, a, "Network A renamed")
    # The page, the landing page's list and search come fresh; a sibling stays cached.
    assert "Network A renamed" in from_backend(edge, a.url)[2]
    assert "Network A renamed" in card_titles(from_backend(edge, landing.url)[2])
    assert "Network A renamed" in from_backend(edge, "/search/?q=network")[2]
    from_cache(edge, b.url)


def test_publishing_in_code_purges_too(edge, site):
    _, landing, a, _ = site
    warm(edge, landing.url, a.url)
    a.title = "Network A by script"
    a.save_revision().publish()
    assert "Network A by script" in edge.get(a.url)[2]
    assert "Network A by script" in card_titles(edge.get(landing.url)[2])


def test_unpublish_and_delete_are_visible_at_once(edge, site, editor):
    _, landing, a, b = site
    warm(edge, landing.url, a.url, b.url)
    assert editor.post(reverse("wagtailadmin_pages:unpublish", args=(b.pk,))).status_code == 302
    assert edge.get(b.url)[0] == 404
    assert card_titles(edge.get(landing.url)[2]) == ["Network A"]
    from_cache(edge, landing.url)
    assert editor.post(reverse("wagtailadmin_pages:delete", args=(a.pk,))).status_code == 302
    assert edge.get(a.url)[0] == 404
    assert card_titles(edge.get(landing.url)[2]) == []


def test_a_move_is_visible_at_once(edge, site):
    home, landing, a, _ = site
    warm(edge, home.url, landing.url, a.url)
    a.move(home, pos="last-child")
    # The old address now redirects (Wagtail makes the redirect on a move).
    status, headers, _ = edge.get(a.url)
    assert status == 301 and headers["Location"].endswith("/network-a/")
    assert edge.get("/network-a/")[0] == 200
    assert card_titles(edge.get(landing.url)[2]) == ["Network B"]


def test_admin_and_preview_responses_are_never_stored(edge, site, editor):
    _, _, a, _ = site
    for _ in range(2):
        status, headers, _ = from_backend(edge, "/admin/login/")
        assert status == 200 and headers["X-Cache"] == "PASS"
    # An editor previews a draft: each request reaches Django, and visitors never see it.
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[a.pk])
    data = network_form(a, summary="A draft summary nobody has published.")
    assert editor.post(preview_url, data).json()["is_valid"]
    session = "sessionid=" + editor.cookies["sessionid"].value
    for _ in range(2):
        status, _, body = from_backend(edge, preview_url + "?mode=", cookie=session)
        assert status == 200 and "A draft summary nobody has published." in body
    # Without the cookie, the admin is not served from anything stored.
    status, _, body = from_backend(edge, preview_url + "?mode=")
    assert "A draft summary nobody has published." not in body
    assert "A draft summary nobody has published." not in edge.get(a.url)[2]


def test_visitors_with_analytics_cookies_share_one_copy(edge, site):
    _, landing, _, _ = site
    warm(edge, landing.url)
    for cookie in ["_ga=GA1.1.123", "_ga=GA1.1.456; _gid=GA1.2.7", "cookie_consent=yes"]:
        from_cache(edge, landing.url, cookie=cookie)
    # Campaign tags do not make a new copy either, wherever they are.
    from_cache(edge, landing.url + "?utm_source=newsletter&utm_medium=email")
    warm(edge, landing.url + "?theme=climate&page=1")
    from_cache(edge, landing.url + "?utm_source=x&page=1&gclid=y&theme=climate&utm_medium=email")


def test_http_authentication_is_passed(edge, site):
    _, landing, _, _ = site
    warm(edge, landing.url)
    from_backend(edge, landing.url, headers={"Authorization": "Basic dXNlcjpwYXNz"})


def test_signed_in_editors_are_passed_to_django_and_never_stored(edge, site, editor):
    _, landing, _, _ = site
    warm(edge, landing.url)
    session = "sessionid=" + editor.cookies["sessionid"].value
    for cookie in [session, session + "; _ga=1", "csrftoken=abc"]:
        status, headers, body = from_backend(edge, landing.url, cookie=cookie)
        assert headers["X-Cache"] == "PASS" and "private" in headers["Cache-Control"]
    assert "wagtail-userbar" in from_backend(edge, landing.url, cookie=session)[2]
    # What the editor saw (the user bar) is never handed to a visitor.
    assert "wagtail-userbar" not in from_cache(edge, landing.url)[2]


def test_not_found_and_posts_are_never_stored(edge, site):
    for _ in range(2):
        assert from_backend(edge, "/no-such-page/")[0] == 404
        from_backend(edge, "/search/", method="POST")


def test_purge_only_from_this_machine_and_not_through_a_proxy(edge, site):
    _, landing, _, _ = site
    warm(edge, landing.url)
    # A visitor's PURGE relayed by a proxy on this machine carries their address.
    status, _, _ = edge.get(landing.url, method="PURGE", headers={"X-Forwarded-For": "203.0.113.9"})
    assert status == 405
    from_cache(edge, landing.url)
    status, _, _ = edge.get(landing.url, method="PURGE")
    assert status == 200
    from_backend(edge, landing.url)


def test_s_maxage_is_honoured(edge, site, settings):
    settings.EDGECACHE_MAX_AGE = 1
    _, landing, _, _ = site
    warm(edge, landing.url)
    time.sleep(2.5)
    # Past s-maxage the copy is stale: Varnish asks the backend again (in the
    # background during its short grace, so the visitor is not kept waiting).
    asked = len(edge.backend_requests)
    edge.get(landing.url)
    deadline = time.monotonic() + 10
    while len(edge.backend_requests) == asked and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(edge.backend_requests) == asked + 1


def test_a_site_alert_shows_through_varnish_the_moment_it_starts(edge, site):
    """Nobody publishes when an alert starts: Varnish must not keep, or serve in its grace time, the page without it."""
    import datetime

    from django.utils import timezone

    from alerts.models import Alert

    starts = timezone.now() + datetime.timedelta(seconds=4)
    alert = Alert.objects.create(
        message="The Civic Hall is closed today.",
        level="urgent",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    alert.save_revision().publish()
    _, headers, body = from_backend(edge, "/")
    assert "Civic Hall" not in body
    assert "stale-while-revalidate=0" in headers["Cache-Control"]
    _, _, body = from_cache(edge, "/")  # shared until the start
    assert "Civic Hall" not in body

    time.sleep(max(0, (starts - timezone.now()).total_seconds()) + 0.3)
    # Fetched afresh in the foreground: with grace, this visitor would get the old copy.
    _, _, body = from_backend(edge, "/")
    assert "The Civic Hall is closed today." in body
