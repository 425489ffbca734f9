"""`make loadtest`: 50 visitors for 60 s against gunicorn + PostgreSQL + Redis while an approver publishes.

1. Rebuilds its own database (LOADTEST_DB, default ln_loadtest): drop, create,
   migrate, seed_content; collectstatic into a scratch folder.
2. Starts gunicorn with gunicorn.conf.py and production settings on a free
   port of 127.0.0.1, with Redis (LOADTEST_REDIS_URL) as cache and page cache.
3. Runs locust headless (bench/locustfile.py): LOADTEST_USERS visitors for
   LOADTEST_SECONDS over network pages, the landing page, search, the home page
   and the sitemap; and bench/publisher.py, which publishes a change every few
   seconds and checks the very next request shows it.
4. Prints requests, errors, p50 and p99 per kind of request and overall, and
   the publisher's findings; exits non-zero on any error or stale page.

Traffic goes only to 127.0.0.1, and everything stops by itself.
"""

import csv
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
DATABASE = os.environ.get("LOADTEST_DB", "ln_loadtest")
POSTGRES = os.environ.get("LOADTEST_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/9")
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
SECONDS = int(os.environ.get("LOADTEST_SECONDS", "60"))
# Hard limits so a hung step can never keep running.
STEP_TIMEOUT = 600


def say(message):
    print(f"== {message}", flush=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run(env, *args):
    result = subprocess.run(  # noqa: S603
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=STEP_TIMEOUT, check=False
    )
    if result.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def rebuild_database():
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def empty_redis():
    # Only this site's keys in the load test's Redis database: nothing else is touched.
    client = redis.Redis.from_url(REDIS_URL)
    client.ping()
    keys = list(client.scan_iter(match="leedsnetworks:*", count=1000))
    if keys:
        client.delete(*keys)


def wait_until_healthy(url, server, deadline=60):
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        if server.poll() is not None:
            sys.exit("gunicorn stopped while starting; see its output above.")
        try:
            with urllib.request.urlopen(url + "/health/", timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    sys.exit("gunicorn did not become healthy in time.")


def site_map(env):
    code = (
        # Every language's network pages are visited; the theme filter on the default
        # language's landing page, once per theme (a theme has a row in every language).
        "import json; from wagtail.models import Locale;"
        "from networks.models import NetworkPage, Theme, InternationalStrategyPage;"
        "print(json.dumps({'networks': [p.url for p in NetworkPage.objects.live()],"
        " 'landing': InternationalStrategyPage.objects.live().filter(locale=Locale.get_default()).first().url,"
        " 'themes': list(Theme.objects.order_by('slug').values_list('slug', flat=True).distinct())}))"
    )
    output = run(env, str(VENV_BIN / "python"), "manage.py", "shell", "-c", code)
    return json.loads(output.strip().splitlines()[-1])


def read_stats(prefix):
    with open(f"{prefix}_stats.csv", newline="") as stream:
        return list(csv.DictReader(stream))


def production_env(scratch, port):
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{POSTGRES}/{DATABASE}",
        "REDIS_URL": REDIS_URL,
        "STATIC_ROOT": str(scratch / "static"),
        "MEDIA_ROOT": str(scratch / "media"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "WARNING"),
    }


def prepare_site(env):
    """A fresh database, migrated and seeded, and collected static files; returns the site map."""
    say(f"Database {DATABASE}: drop, create, migrate, seed; static files; Redis {REDIS_URL}")
    rebuild_database()
    empty_redis()
    python = str(VENV_BIN / "python")
    run(env, python, "manage.py", "collectstatic", "--noinput", "-v0")
    run(env, python, "manage.py", "migrate", "--noinput", "-v0")
    run(env, python, "manage.py", "seed_content")
    return site_map(env)


def start_gunicorn(env, url, log_path):
    workers = env.get("WEB_CONCURRENCY") or "default"
    say(f"gunicorn (gunicorn.conf.py, production settings, {workers} workers) on {url}")
    server_log = open(log_path, "w")  # noqa: SIM115 - the server writes to it until it stops
    server = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    wait_until_healthy(url, server)
    return server


def locust_command(url, prefix):
    return [
        str(VENV_BIN / "locust"),
        "--locustfile",
        "bench/locustfile.py",
        "--headless",
        "--host",
        url,
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{SECONDS}s",
        "--stop-timeout",
        "10",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]


def run_load(env, url, site, scratch):
    """Visitors (locust) and an approver publishing (bench/publisher.py) at once; returns what each saw."""
    say(f"{USERS} visitors for {SECONDS} s, while an approver publishes")
    report = scratch / "publisher.json"
    publisher = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "python"), "bench/publisher.py"],
        cwd=ROOT,
        env={**env, "LOADTEST_URL": url, "LOADTEST_SECONDS": str(SECONDS), "LOADTEST_PUBLISHER_REPORT": str(report)},
    )
    prefix = scratch / "locust"
    locust = subprocess.run(  # noqa: S603
        locust_command(url, prefix),
        cwd=ROOT,
        env={**env, "LOADTEST_SITE": json.dumps(site)},
        timeout=SECONDS + STEP_TIMEOUT,
        check=False,
        capture_output=True,
        text=True,
    )
    publisher.wait(timeout=SECONDS + STEP_TIMEOUT)
    changes = json.loads(report.read_text()) if report.exists() else []
    return locust, read_stats(prefix), changes


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()


def print_requests(stats):
    print()
    print(f"{'request':<24}{'count':>8}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'max ms':>8}")
    for row in stats:
        name = row["Name"] if row["Name"] != "Aggregated" else "ALL"
        print(
            f"{name:<24}{row['Request Count']:>8}{row['Failure Count']:>8}{float(row['Requests/s']):>8.1f}"
            f"{row['50%']:>8}{row['99%']:>8}{float(row['Max Response Time']):>8.0f}"
        )


def print_changes(changes):
    stale = [c for c in changes if not all(c["next_request_shows_it"].values())]
    print()
    print(
        f"Published {len(changes)} changes; {len(changes) - len(stale)} shown on the very next request "
        f"(network page and landing page); {len(stale)} stale."
    )
    for change in stale:
        print(f"  stale: change {change['change']} to {change['page']}: {change['next_request_shows_it']}")
    return stale


def print_report(locust, stats, changes, server_errors):
    """The figures, and PASS only with no failed request, no stale page and no server error; returns the exit code."""
    print_requests(stats)
    total = next(row for row in stats if row["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    stale = print_changes(changes)
    if failures:
        print(locust.stdout[-3000:])
        print(locust.stderr[-3000:])
    print(f"Server errors logged: {len(server_errors)}")
    for line in server_errors[:5]:
        print("  " + line[:300])
    ok = failures == 0 and not stale and changes and not server_errors and locust.returncode == 0
    print(
        f"RESULT: {'PASS' if ok else 'FAIL'}: {total['Request Count']} requests, {failures} errors, "
        f"p50 {total['50%']} ms, p99 {total['99%']} ms"
    )
    return 0 if ok else 1


def main():
    scratch = Path(tempfile.mkdtemp(prefix="ln_loadtest_"))
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = production_env(scratch, port)
    server = None
    try:
        site = prepare_site(env)
        server = start_gunicorn(env, url, scratch / "gunicorn.log")
        locust, stats, changes = run_load(env, url, site, scratch)
    finally:
        if server is not None:
            stop_server(server)
    log = (scratch / "gunicorn.log").read_text().splitlines()
    server_errors = [line for line in log if '"level": "ERROR"' in line]
    code = print_report(locust, stats, changes, server_errors)
    shutil.rmtree(scratch, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
