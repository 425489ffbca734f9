#!/usr/bin/env python
"""`make bench`: how fast the public pages are served, cached and uncached.

Builds a throwaway PostgreSQL database (ln_bench: dropped, migrated and seeded
with seed_content, dropped again at the end) and a private Redis on a free
loopback port, collects static files into a temporary folder, then serves the
site with production settings (leedsnetworks.settings.bench) under gunicorn
with gunicorn.conf.py on 127.0.0.1. wrk drives each page for a fixed time
with a fixed number of connections and prints requests per second and
p50/p99 latency, first with the page cache on, then off, beside a minimal
Django view served by the same gunicorn (the ceiling) and the ratio of each
to it.

A benchmark, not a test: it prints figures and asserts nothing about time.
It only ever sends requests to 127.0.0.1, and bounds its own load (at most
60 seconds and 64 connections per page).
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # the only address this benchmark sends traffic to
MAX_DURATION = 60
MAX_CONNECTIONS = 64

CEILING = ("ceiling (minimal Django view)", "/bench/ceiling/")
PAGES = [
    ("landing page", "/international/"),
    ("landing page ?theme=climate", "/international/?theme=climate"),
    ("network page", "/international/eurocities/"),
    ("search ?q=culture", "/search/?q=culture"),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page (at most 60)")
    parser.add_argument("--connections", type=int, default=8, help="open connections per page (at most 64)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server to create the ln_bench database on",
    )
    return parser.parse_args()


def start_redis():
    port = free_port()
    redis = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [shutil.which("redis-server"), "--bind", HOST, "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for(lambda: redis_ping(port), "Redis")
    return redis, port


def main():
    args = parse_args()
    duration = max(1, min(args.duration, MAX_DURATION))
    connections = max(1, min(args.connections, MAX_CONNECTIONS))

    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: apt-get install {tool} (`make bench` installs it when run as root).")

    workdir = Path(tempfile.mkdtemp(prefix="ln-bench-"))
    database_url = f"{args.postgres.rstrip('/')}/ln_bench"
    redis = None
    try:
        recreate_database(args.postgres, "ln_bench")
        redis, redis_port = start_redis()

        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.bench",
            "DATABASE_URL": database_url,
            "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
        }
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        print("Preparing: migrate, seed_content, collectstatic, update_index …", flush=True)
        for command in (["migrate", "--noinput"], ["seed_content"], ["collectstatic", "--noinput"], ["update_index"]):
            manage(command, env)

        results = {}
        for mode, cache_on in (("cached", True), ("uncached", False)):
            results[mode] = run_server_and_measure(
                {**env, "BENCH_PAGECACHE": "1" if cache_on else "0"}, duration, connections, redis_port, cache_on
            )
        report(results, duration, connections, env)
    finally:
        if redis is not None:
            stop(redis)
        drop_database(args.postgres, "ln_bench")
        shutil.rmtree(workdir, ignore_errors=True)


def run_server_and_measure(env, duration, connections, redis_port, cache_on):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "PORT": str(port)}
    command = [str(VENV_BIN / "gunicorn")]
    command += ["--config", "gunicorn.conf.py"] if (ROOT / "gunicorn.conf.py").exists() else []
    # Recycling workers every ~2000 requests (gunicorn.conf.py) would restart
    # them in the middle of some rows and not others at these rates.
    command += ["--bind", f"{HOST}:{port}", "--max-requests", "0", "leedsnetworks.wsgi:application"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    base = f"http://{HOST}:{port}"
    try:
        wait_for(lambda: status(base + CEILING[1]) == 200, "gunicorn")
        measured = {}
        for name, path in [CEILING, *PAGES]:
            code = status(base + path)
            if code != 200:
                measured[name] = f"skipped: {path} answers {code}" + (" (not built yet?)" if code == 404 else "")
                continue
            for _ in range(20):  # warm up: renditions, connections, the cache itself
                status(base + path)
            measured[name] = wrk(base + path, duration, connections)
        if cache_on:
            measured["_cached_pages"] = redis_count(redis_port, "*pagecache:page:*")
        return measured
    finally:
        stop(server)


def wrk(url, duration, connections):
    if not url.startswith(f"http://{HOST}:"):
        raise ValueError(f"{url}: this benchmark only sends load to {HOST}")
    out = subprocess.run(  # noqa: S603 - fixed arguments, loopback only
        [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    latency = {p: to_ms(v) for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: (.*)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency["50"],
        "p99": latency["99"],
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": sockets.group(1) if sockets else "",
    }


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def report(results, duration, connections, env):
    workers = env.get("WEB_CONCURRENCY") or "gunicorn.conf.py default"
    print()
    print(f"wrk: 1 thread, {connections} connections, {duration} s per row; gunicorn on {HOST}, workers: {workers}")
    print("gunicorn.conf.py settings except --max-requests 0 (no worker recycling during the run)")
    print(
        f"PostgreSQL database ln_bench, seeded with seed_content; page cache in a private Redis ({os.cpu_count()} CPUs)"
    )
    print()
    header = f"{'page':<32} {'cache':<9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'of ceiling':>11}"
    print(header)
    print("-" * len(header))
    for mode, measured in results.items():
        ceiling = measured.get(CEILING[0])
        for name, _path in [CEILING, *PAGES]:
            row = measured.get(name)
            label = "-" if name == CEILING[0] else mode
            if isinstance(row, str):
                print(f"{name:<32} {label:<9} {row}")
                continue
            ratio = f"{row['rps'] / ceiling['rps']:.0%}" if isinstance(ceiling, dict) else "?"
            line = f"{name:<32} {label:<9} {row['rps']:>9.0f} {row['p50']:>8.2f} {row['p99']:>8.2f} {ratio:>11}"
            if row["errors"] or row["socket_errors"]:
                line += f"   ({row['errors']} non-2xx; socket errors: {row['socket_errors'] or 'none'})"
            print(line)
        if mode == "cached":
            print(f"{'':<32} pages held in the cache after the cached run: {measured.get('_cached_pages')}")
        print()


def manage(command, env):
    subprocess.run([sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True)  # noqa: S603


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback only)
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def wait_for(check, what, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    sys.exit(f"{what} did not start within {seconds} s.")


def stop(process):
    """Stop a process this script started, and its children (gunicorn's workers)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def redis_ping(port):
    import redis

    try:
        return redis.Redis(host=HOST, port=port, socket_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


def redis_count(port, pattern):
    import redis

    return sum(1 for _ in redis.Redis(host=HOST, port=port).scan_iter(pattern))


def recreate_database(server, name):
    import psycopg

    try:
        with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        sys.exit(f"PostgreSQL at {server} is needed for production settings: {error}")


def drop_database(server, name):
    import psycopg

    try:
        with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass


if __name__ == "__main__":
    main()
