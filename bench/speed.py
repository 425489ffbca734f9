#!/usr/bin/env python
"""`make bench`: how fast the public pages are served, cached and uncached.

Builds a throwaway PostgreSQL database (ln_bench_<pid>: dropped, migrated and seeded
with seed_content, dropped again at the end) and a private Redis on a free
loopback port, collects static files into a temporary folder, then serves the
site with production settings (leedsnetworks.settings.bench) under gunicorn
with gunicorn.conf.py exactly as shipped, on 127.0.0.1. wrk drives each URL
for a fixed time with a fixed number of connections, in short slices that
alternate with slices of the ceiling, round after round, and one table
shows, side by side for each page: served from the page cache, rendered afresh, and through Varnish (when varnish/default.vcl exists), each
as a ratio to a minimal Django view returning 20 KB behind the same middleware
and gunicorn (the ceiling), with requests per second and p50/p99 latency.

A benchmark, not a test: it prints figures and asserts nothing about time.
It only ever sends requests to 127.0.0.1, and bounds its own load (at most
60 seconds, 64 connections and 5 rounds per URL).
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
# Its own database per run: two benchmarks on one server must not drop each other's.
DATABASE = f"ln_bench_{os.getpid()}"

CEILING = ("ceiling", "/bench/ceiling/")
# (name, cached path, uncached path). A query parameter the page cache does not
# key on makes it render the page afresh and store nothing (pagecache/), so
# cached and uncached rows come from the same server, measured side by side.
PAGES = [
    ("landing page", "/international/", "/international/?fresh=1"),
    ("landing ?theme=climate", "/international/?theme=climate", "/international/?theme=climate&fresh=1"),
    ("network page", "/international/eurocities/", "/international/eurocities/?fresh=1"),
    ("information page", "/accessibility-statement/", "/accessibility-statement/?fresh=1"),
    ("search ?q=culture", "/search/?q=culture", "/search/?q=culture&fresh=1"),
]
MODES = ("cached", "uncached", "varnish")
# The repository's Varnish configuration (`make edge`); without varnishd the column says n/a.
VARNISH_BACKEND = ROOT / "varnish" / "backend.vcl"
VARNISH_VCL = ROOT / "varnish" / "default.vcl"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per row and round (at most 60)")
    parser.add_argument(
        "--slice", type=int, default=1, help="seconds per wrk run; each page's slices alternate with the ceiling's"
    )
    parser.add_argument("--connections", type=int, default=16, help="open connections (at most 64)")
    parser.add_argument("--rounds", type=int, default=2, help="times each row is measured, interleaved")
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
    limits = {
        "duration": max(1, min(args.duration, MAX_DURATION)),
        "connections": max(1, min(args.connections, MAX_CONNECTIONS)),
        "rounds": max(1, min(args.rounds, 5)),
    }
    limits["slice"] = max(1, min(args.slice, limits["duration"]))
    for tool in ("wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed: apt-get install {tool} (`make bench` installs it when run as root).")

    workdir = Path(tempfile.mkdtemp(prefix="ln-bench-"))
    redis = None
    try:
        recreate_database(args.postgres, DATABASE)
        redis, redis_port = start_redis()
        env = bench_env(args, workdir, redis_port)
        print("Preparing: migrate, seed_content, collectstatic, update_index …", flush=True)
        for command in (["migrate", "--noinput"], ["seed_content"], ["collectstatic", "--noinput"], ["update_index"]):
            manage(command, env)
        results = run_server_and_measure(env, workdir, limits, redis.pid)
        results["_cached_pages"] = redis_count(redis_port, "*pagecache:page:*")
        report(results, limits, env)
    finally:
        if redis is not None:
            stop(redis)
        drop_database(args.postgres, DATABASE)
        shutil.rmtree(workdir, ignore_errors=True)


def bench_env(args, workdir, redis_port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.bench",
        "DATABASE_URL": f"{args.postgres.rstrip('/')}/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:{redis_port}/0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "",
    }
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    return env


def run_server_and_measure(env, workdir, limits, redis_pid):
    """gunicorn exactly as gunicorn.conf.py ships it (worker recycling included), Varnish in front if configured."""
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"{HOST}:{port}", "PORT": str(port)}
    command = [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "leedsnetworks.wsgi:application"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603
    varnish = None
    try:
        base = f"http://{HOST}:{port}"
        wait_for(lambda: status(base + CEILING[1]) == 200, "gunicorn")
        varnish, edge = start_varnish(port, workdir)
        targets = {"ceiling": base + CEILING[1]}
        for name, cached, fresh in PAGES:
            targets[(name, "cached")] = base + cached
            targets[(name, "uncached")] = base + fresh
            if edge:
                targets[(name, "varnish")] = edge + cached
        return measure(targets, limits, [server.pid, redis_pid])
    finally:
        if varnish is not None:
            stop(varnish)
        stop(server)


def start_varnish(backend_port, workdir):
    """varnishd with the repository's VCL in front of gunicorn, as `make edge` runs it.

    Returns (process, base URL), or (None, None) when varnish/default.vcl or
    varnishd is missing, and the Varnish column then prints n/a.
    """
    varnishd = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)
    if not VARNISH_VCL.exists() or not varnishd:
        return None, None
    # The repository's VCL as shipped; its backend (varnish/backend.vcl) points at
    # this run's gunicorn, written first on vcl_path as `make edge` does.
    backend = re.sub(r'(\.port\s*=\s*)"\d+"', rf'\g<1>"{backend_port}"', VARNISH_BACKEND.read_text(), count=1)
    (workdir / "backend.vcl").write_text(backend)
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - fixed arguments, loopback only
        [
            varnishd,
            "-F",
            "-j",
            "none",
            "-n",
            str(workdir / "varnish"),
            "-a",
            f"{HOST}:{port}",
            "-f",
            str(VARNISH_VCL),
            "-p",
            f"vcl_path={workdir}:{VARNISH_VCL.parent}",
        ],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://{HOST}:{port}"
    wait_for(lambda: status(base + CEILING[1]) == 200, "varnishd")
    return process, base


def server_cpu_seconds(pids):
    """CPU time used so far by gunicorn (master and workers) and the private Redis.

    On a machine shared with other work, requests per second follow the load;
    CPU time per request does not, so the ratio of CPU per request is the
    steadier figure for "how much of the ceiling".
    """
    total = 0
    ticks = os.sysconf("SC_CLK_TCK")
    top = [p for p in pids if p]
    for pid in top + [c for p in top for c in children(p)]:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        if pid in top:
            # A worker gunicorn recycled and reaped: its CPU time moves to the
            # master's children's time (cutime, cstime) instead of vanishing.
            total += (int(fields[13]) + int(fields[14])) / ticks
    return total


def children(pid):
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def measure(targets, limits, pids):
    """wrk on every page in short slices, each next to a slice of the ceiling, round after round.

    On a shared machine the ceiling itself swings (2,444 then 994 req/s a
    minute apart on this one). A page's ratio is therefore to the ceiling
    slices run between its own slices (``--slice`` seconds each, in
    alternating order), not to a ceiling measured minutes away from it.
    """
    ceiling_url = targets["ceiling"]
    runs = {key: [] for key in targets}
    beside = {key: [] for key in targets}  # the ceiling slices run next to each page's
    for key, url in targets.items():
        code = status(url)
        if code != 200:
            runs[key] = f"answers {code}"
            continue
        for _ in range(20):  # warm up: renditions, connections, the cache itself
            status(url)
        # Then a short burst at full concurrency, so that every worker and thread has
        # served this page before it is measured: sequential requests may all land on
        # one or two of the five workers, and the first page measured paid for the rest.
        wrk(url, 1, limits["connections"])
    pages = [key for key in targets if key != "ceiling" and isinstance(runs[key], list)]
    slices = max(1, limits["duration"] // limits["slice"])
    for _ in range(limits["rounds"]):
        for key in pages:
            for number in range(slices):
                pair = [("ceiling", ceiling_url), (key, targets[key])]
                for name, url in pair[:: -1 if number % 2 else 1]:
                    row = timed_wrk(url, limits, pids)
                    runs[name].append(row)
                    if name == "ceiling":
                        beside[key].append(row)
    return {
        key: combine(value, beside[key]) if isinstance(value, list) and value else value or "not measured"
        for key, value in runs.items()
    }


def timed_wrk(url, limits, pids):
    before = server_cpu_seconds(pids)
    row = wrk(url, limits["slice"], limits["connections"])
    row["cpu"] = server_cpu_seconds(pids) - before
    return row


def combine(rows, ceiling_rows=()):
    """Requests per second over all slices; the median slice's p50 and the worst p99.

    With ``ceiling_rows`` (the ceiling slices run next to these), the same for
    them, which the ratios are taken against.
    """
    rows = sorted(rows, key=lambda row: row["p50"])
    combined = {
        "rps": sum(row["rps"] for row in rows) / len(rows),
        "p50": rows[len(rows) // 2]["p50"],
        "p99": max(row["p99"] for row in rows),
        "errors": sum(row["errors"] for row in rows),
        "cpu_ms": 1000 * sum(row["cpu"] for row in rows) / max(1, sum(row["requests"] for row in rows)),
        "socket_errors": "; ".join(row["socket_errors"] for row in rows if row["socket_errors"]),
        "slowest_slice": min(row["rps"] for row in rows),
        "fastest_slice": max(row["rps"] for row in rows),
    }
    if ceiling_rows:
        combined["beside"] = combine(ceiling_rows)
    return combined


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


def cell(row, ceiling):
    """'0.93  1234/s  1.2/4.5' (ratio to the ceiling, req/s, p50/p99 ms), or why there is no figure.

    The ratios are to the ceiling slices measured beside this row's own.
    """
    if row is None:
        return "n/a"
    if isinstance(row, str):
        return row
    ceiling = row.get("beside", ceiling)
    ratio = f"{row['rps'] / ceiling['rps']:.2f}" if isinstance(ceiling, dict) else "?"
    cpu = f"{ceiling['cpu_ms'] / row['cpu_ms']:.2f}" if isinstance(ceiling, dict) and row["cpu_ms"] else "?"
    text = f"{ratio} {row['rps']:>6.0f}/s {row['p50']:>5.1f}/{row['p99']:<6.1f} cpu {cpu}"
    if row["errors"] or row["socket_errors"]:
        text += f" ({row['errors']} non-2xx; {row['socket_errors'] or 'no socket errors'})"
    return text


def report(results, limits, env):
    workers = env.get("WEB_CONCURRENCY") or "gunicorn.conf.py's default"
    ceiling = results["ceiling"]
    print()
    print(
        f"wrk: 1 thread, {limits['connections']} connections, {limits['duration']} s per cell and round in "
        f"{limits['slice']} s slices, {limits['rounds']} rounds; "
        f"gunicorn.conf.py as shipped on {HOST}, workers: {workers}"
    )
    print(f"PostgreSQL {DATABASE} seeded with seed_content; page cache in a private Redis; {os.cpu_count()} CPUs")
    print("Each cell: ratio to the ceiling's req/s, req/s, p50/p99 latency in ms, and 'cpu': the ceiling's server")
    print("CPU time per request divided by this row's (gunicorn + Redis; PostgreSQL's own CPU is not counted).")
    print("Each cell's slices alternate with slices of the ceiling; its ratios are to those ceiling slices only.")
    print("Uncached: ?fresh=1, a parameter the page cache does not key on, so the page is rendered every time.")
    print("Varnish: varnishd with varnish/default.vcl in front of the same gunicorn (n/a without varnishd);")
    print("its 'cpu' counts only gunicorn and Redis, which Varnish's hits never reach.")
    print()
    print(f"{'ceiling (20 KB from a minimal view)':<24} {cell(ceiling, ceiling)}")
    if isinstance(ceiling, dict):
        print(
            f"The ceiling's slices ran at {ceiling['slowest_slice']:.0f} to {ceiling['fastest_slice']:.0f} req/s: "
            "what this machine's own noise does to one measurement."
        )
    print()
    width = 44
    print(f"{'page':<24} " + " ".join(f"{mode:<{width}}" for mode in MODES))
    print("-" * (25 + (width + 1) * len(MODES)))
    for name, _cached, _fresh in PAGES:
        cells = [cell(results.get((name, mode)), ceiling) for mode in MODES]
        print(f"{name:<24} " + " ".join(f"{c:<{width}}" for c in cells))
    print()
    print(f"Pages held in the page cache afterwards: {results.get('_cached_pages')}")


def manage(command, env):
    # seed_content lists every page it made even at -v0; errors still reach stderr.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


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
