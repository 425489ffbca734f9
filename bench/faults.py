"""`make faults`: what visitors get, and what is lost, when the database, Redis or a worker fails.

gunicorn runs with production settings (gunicorn.conf.py: worker processes
with threads) on PostgreSQL and on a redis-server of its own, each behind a
TCP relay this script controls (tests/ops_support.py). Only 127.0.0.1 is
contacted; the shared PostgreSQL and Redis are never stopped or paused.

For each fault, visitors keep asking for cached pages, uncached pages (a new
search each time) and send reports through the report form, while the fault
lasts; then the fault ends and the script waits for the site to recover by
itself. A table shows the requests, the statuses seen, the slowest answer,
the recovery time and what was lost: a report a visitor was thanked for that
is not in the database, or a published change that is not on the site.

Faults: the database refused (relay off) and hung (relay accepts and forwards
nothing), the database refused with every worker replaced during the outage
(a new worker has never read the database itself), Redis refused and hung, Redis paused for writes
(`CLIENT PAUSE 3000 WRITE`) while an editor makes a page private, unpublishes
one, deletes one and publishes a change, and a worker killed mid-request.

Its own database (FAULTS_DB, default ln_faults) is rebuilt each run. tests/test_faults.py
runs the same faults, shorter, on a copy of the test run's database.
"""

import argparse
import concurrent.futures
import contextlib
import http.client
import json
import os
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.ops_support import (  # noqa: E402
    POSTGRES_PORT,
    Gunicorn,
    PrivateRedis,
    TcpRelay,
    create_database,
    drop_database,
    manage,
    production_env,
)

CACHED_PATHS = ["/", "/international/", "/international/eurocities/"]
REPORT_PAGE_SLUG = "report-a-problem"
# The longest any one request may take before it counts as hung.
CLIENT_TIMEOUT = 30


class Site:
    """gunicorn on `database_name`, its database and a private Redis each behind a relay."""

    def __init__(self, database_name, static_root, media_root, workers=2, extra_env=None):
        self.database_name = database_name
        self.static_root, self.media_root = static_root, media_root
        self.workers = workers
        self.extra_env = extra_env or {}
        self.stack = contextlib.ExitStack()

    def __enter__(self):
        self.redis = self.stack.enter_context(PrivateRedis())
        self.db_relay = TcpRelay(POSTGRES_PORT).start()
        self.stack.callback(self.db_relay.stop)
        self.redis_relay = TcpRelay(self.redis.port).start()
        self.stack.callback(self.redis_relay.stop)
        env = self.env(db_port=self.db_relay.port, redis_port=self.redis_relay.port)
        self.server = self.stack.enter_context(Gunicorn({**env, **self.extra_env}, workers=self.workers))
        self.report_page_id = int(
            self.sql("SELECT id FROM wagtailcore_page WHERE slug = %s", (REPORT_PAGE_SLUG,))[0][0]
        )
        return self

    def __exit__(self, *exc):
        self.stack.close()

    def env(self, db_port=POSTGRES_PORT, redis_port=None):
        """Production settings on this site's database and Redis (through the relays, or straight)."""
        return production_env(
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{db_port}/{self.database_name}",
            REDIS_URL=f"redis://127.0.0.1:{redis_port or self.redis.port}/0",
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.media_root),
            ALLOWED_HOSTS="localhost,127.0.0.1",
            # Each simulated visitor sends from an address of its own, as
            # through the proxy, so the report form's rate limit counts them apart.
            TRUSTED_PROXY_COUNT="1",
            SECURE_SSL_REDIRECT="false",
        )

    def sql(self, query, params=()):
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=POSTGRES_PORT, user="postgres", dbname=self.database_name) as conn:
            return conn.execute(query, params).fetchall()

    def stored_reports(self, marker):
        rows = self.sql(
            "SELECT count(*) FROM wagtailforms_formsubmission WHERE form_data::text LIKE %s", (f"%{marker}%",)
        )
        return rows[0][0]


def request(port, method, path, body=None, headers=None, timeout=CLIENT_TIMEOUT):
    """(status or a word for what went wrong, seconds, body)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        status, content = response.status, response.read().decode(errors="replace")
    except TimeoutError:
        status, content = "timeout", ""
    except (ConnectionError, http.client.HTTPException, OSError):
        status, content = "reset", ""
    finally:
        connection.close()
    return status, time.monotonic() - started, content


class Visitors:
    """Threads that ask for pages and send reports until stopped, recording every answer."""

    def __init__(self, site, clients=8):
        self.site, self.clients = site, clients
        self.marker = uuid.uuid4().hex
        self.results = []  # (kind, status, seconds)
        self.reports_thanked = 0
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._pool = None

    def __enter__(self):
        self._pool = concurrent.futures.ThreadPoolExecutor(self.clients)
        kinds = ["cached", "cached", "cached", "fresh", "fresh", "report", "report", "cached"]
        self._futures = [self._pool.submit(self._run, kinds[i % len(kinds)], i) for i in range(self.clients)]
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for future in self._futures:
            future.result()
        self._pool.shutdown()

    def _run(self, kind, number):
        count = 0
        while not self._stop.is_set():
            count += 1
            status, seconds = self.visit(kind, f"{number}-{count}")
            with self._lock:
                self.results.append((kind, status, seconds))
            time.sleep(0.05)

    def visit(self, kind, tag):
        port = self.site.server.port
        if kind == "cached":
            status, seconds, _ = request(port, "GET", CACHED_PATHS[hash(tag) % len(CACHED_PATHS)])
        elif kind == "fresh":
            status, seconds, _ = request(port, "GET", f"/search/?q=fault{uuid.uuid4().hex[:8]}")
        else:
            status, seconds, body = self.send_report(tag)
            # A stored report redirects (303) to the "sent" page: the visitor is thanked there.
            if status == 303:
                with self._lock:
                    self.reports_thanked += 1
        return status, seconds

    def send_report(self, tag):
        address = uuid.uuid4().bytes
        form = {
            "page_address": "/international/",
            "what_is_the_problem": f"Fault suite report {self.marker} {tag}",
            "your_email_address": "",
            "homepage": "",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": f"10.{address[0]}.{address[1]}.{address[2]}",
        }
        return request(
            self.site.server.port, "POST", f"/send-report/{self.site.report_page_id}/", urlencode(form), headers
        )

    def summary(self):
        statuses = Counter(str(status) for _, status, _ in self.results)
        slowest = max((seconds for _, _, seconds in self.results), default=0.0)
        slowest_cached = max((s for kind, _, s in self.results if kind == "cached"), default=0.0)
        return {
            "requests": len(self.results),
            "statuses": dict(sorted(statuses.items())),
            "slowest": round(slowest, 2),
            "slowest_cached": round(slowest_cached, 2),
            "cached_statuses": dict(Counter(str(st) for kind, st, _ in self.results if kind == "cached")),
            "reports_thanked": self.reports_thanked,
        }


def warm(site):
    for path in CACHED_PATHS:
        for _ in range(2):
            status, _, _ = request(site.server.port, "GET", path)
            if status != 200:
                raise RuntimeError(f"{path} answered {status} before any fault")


def wait_until_recovered(site, limit=60):
    """Seconds until an uncached page (which needs the database) answers 200 again."""
    started = time.monotonic()
    while time.monotonic() - started < limit:
        status, _, _ = request(site.server.port, "GET", f"/search/?q=back{uuid.uuid4().hex[:8]}", timeout=15)
        if status == 200:
            return round(time.monotonic() - started, 2)
        time.sleep(0.2)
    return None


def run_fault(site, name, start, stop, seconds):
    """Visitors for `seconds` with the fault on, then off; the row for the table."""
    warm(site)
    with Visitors(site) as visitors:
        start()
        time.sleep(seconds)
        stop()
    recovered = wait_until_recovered(site)
    row = {"fault": name, **visitors.summary(), "recovered_after": recovered}
    row["reports_stored"] = site.stored_reports(visitors.marker)
    row["lost"] = max(0, row["reports_thanked"] - row["reports_stored"])
    return row


def no_fault(site, seconds):
    """The same visitors with nothing wrong: what the other rows compare with."""
    return run_fault(site, "none", lambda: None, lambda: None, seconds)


def database_refused(site, seconds):
    relay = site.db_relay
    return run_fault(site, "database refused", relay.stop, relay.start, seconds)


def database_hung(site, seconds):
    relay = site.db_relay
    return run_fault(site, "database hung", relay.hang, relay.resume, seconds)


def redis_refused(site, seconds):
    relay = site.redis_relay
    return run_fault(site, "Redis refused", relay.stop, relay.start, seconds)


def redis_hung(site, seconds):
    relay = site.redis_relay
    return run_fault(site, "Redis hung", relay.hang, relay.resume, seconds)


def worker_killed(site, seconds):
    def kill_one():
        workers = worker_pids(site.server.process.pid)
        if workers:
            os.kill(workers[0], signal.SIGKILL)

    return run_fault(site, "worker killed mid-request", kill_one, lambda: None, seconds)


def database_refused_workers_replaced(site, seconds):
    """The database refused, then every worker killed: the master's new workers start during the outage."""
    relay = site.db_relay

    def start():
        relay.stop()
        replace_workers(site)

    return run_fault(site, "database refused, workers replaced", start, relay.start, seconds)


def replace_workers(site, limit=15):
    """Kill every worker and wait until the master has started as many new ones."""
    master = site.server.process.pid
    old = set(worker_pids(master))
    for pid in old:
        os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        new = set(worker_pids(master)) - old
        if len(new) >= len(old):
            return new
        time.sleep(0.05)
    raise RuntimeError(f"gunicorn did not replace its {len(old)} workers within {limit} s")


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


# Run in the editor's own process (`manage.py shell`), on the database and
# Redis directly: for each change, pause Redis writes, make the change, and
# ask for the page as an anonymous visitor the moment the change returns.
EDITOR_SCRIPT = r"""
import http.client, json, time
import redis
from wagtail.models import Page, PageViewRestriction
from networks.models import InternationalStrategyPage, NetworkPage

PORT, REDIS_URL, PAUSE_MS = {port}, {redis_url!r}, {pause_ms}
server = redis.Redis.from_url(REDIS_URL)
landing = InternationalStrategyPage.objects.live().first()

def get(path):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read().decode(errors="replace")

def probe(slug):
    Page.objects.filter(slug=slug).delete()
    page = NetworkPage(title="Probe " + slug, slug=slug, summary="A page for the fault suite.",
                       body=[{{"type": "paragraph", "value": "<p>Probe.</p>"}}])
    landing.add_child(instance=page)
    page.save_revision().publish()
    return NetworkPage.objects.get(pk=page.pk)

def make_private(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)

def unpublish(page):
    page.unpublish()

def delete(page):
    page.delete()

def publish_change(page):
    page.title = "Changed " + page.slug
    page.save_revision().publish()

results = []
for change in (make_private, unpublish, delete, publish_change):
    page = probe("fault-" + change.__name__.replace("_", "-"))
    path = page.url
    for _ in range(2):
        assert get(path)[0] == 200
    server.execute_command("CLIENT", "PAUSE", PAUSE_MS, "WRITE")
    started = time.monotonic()
    change(page)
    status, body = get(path)
    results.append({{
        "change": change.__name__, "status": status, "seconds": round(time.monotonic() - started, 2),
        "old_page_served": status == 200 and ("Probe " + page.slug) in body,
    }})
    server.execute_command("CLIENT", "UNPAUSE")
print("RESULTS " + json.dumps(results))
"""


def redis_paused_during_changes(site, pause_ms=3000):
    """The editor's changes while Redis refuses writes; visitors meanwhile, the table row and each change."""
    script = EDITOR_SCRIPT.format(port=site.server.port, redis_url=site.redis.url, pause_ms=pause_ms)
    warm(site)
    with Visitors(site) as visitors:
        output = manage(site.env(), "shell", "-c", script).stdout
    changes = json.loads(output.split("RESULTS ", 1)[1].splitlines()[0])
    stale = [
        change
        for change in changes
        if change["old_page_served"] or change["status"] == 200 and change["change"] != "publish_change"
    ]
    published = site.sql(
        "SELECT count(*) FROM wagtailcore_page WHERE slug = 'fault-publish-change' AND live AND title = 'Changed fault-publish-change'"
    )[0][0]
    status, _, body = request(site.server.port, "GET", "/international/fault-publish-change/")
    visible = status == 200 and "Changed fault-publish-change" in body
    row = {"fault": "Redis paused for writes during changes", **visitors.summary(), "recovered_after": 0.0}
    row["reports_stored"] = site.stored_reports(visitors.marker)
    row["lost"] = (
        max(0, row["reports_thanked"] - row["reports_stored"]) + len(stale) + (0 if published and visible else 1)
    )
    return row, changes


def build_database(name, static_root, media_root):
    url = create_database(name)
    env = production_env(DATABASE_URL=url, STATIC_ROOT=str(static_root), MEDIA_ROOT=str(media_root))
    for step in (("migrate", "--noinput", "-v0"), ("seed_content",), ("collectstatic", "--noinput", "-v0")):
        print(f"== manage.py {' '.join(step)}", flush=True)
        manage(env, *step, timeout=900)


def print_table(rows):
    columns = [
        "fault",
        "requests",
        "statuses",
        "slowest",
        "slowest_cached",
        "recovered_after",
        "reports_thanked",
        "reports_stored",
        "lost",
    ]
    widths = {c: max(len(c), *(len(str(r.get(c))) for r in rows)) for c in columns}
    print(" | ".join(c.ljust(widths[c]) for c in columns))
    print("-+-".join("-" * widths[c] for c in columns))
    for row in rows:
        print(" | ".join(str(row.get(c)).ljust(widths[c]) for c in columns))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8, help="how long each fault lasts")
    parser.add_argument("--database", default=os.environ.get("FAULTS_DB", "ln_faults"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        static_root, media_root = Path(scratch, "static"), Path(scratch, "media")
        build_database(args.database, static_root, media_root)
        try:
            rows, changes = run_all(args.database, static_root, media_root, args.seconds)
        finally:
            drop_database(args.database)
    print_table(rows)
    print("\nEach change, made while Redis refused writes, then the next anonymous request:")
    for change in changes:
        print(
            f"  {change['change']}: {change['status']} after {change['seconds']} s; old page served: {change['old_page_served']}"
        )
    lost = sum(row["lost"] for row in rows)
    print(f"\nLost: {lost}")
    sys.exit(1 if lost else 0)


def run_all(database, static_root, media_root, seconds):
    rows = []
    with Site(database, static_root, media_root) as site:
        print(f"== gunicorn on 127.0.0.1:{site.server.port}", flush=True)
        faults = (
            no_fault,
            database_refused,
            database_refused_workers_replaced,
            database_hung,
            redis_refused,
            redis_hung,
            worker_killed,
        )
        for fault in faults:
            print(f"== {fault.__name__.replace('_', ' ')}", flush=True)
            rows.append(fault(site, seconds))
        print("== Redis paused during changes", flush=True)
        row, changes = redis_paused_during_changes(site)
        rows.append(row)
    return rows, changes


if __name__ == "__main__":
    main()
