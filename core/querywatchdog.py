"""A client-side deadline for every database round trip.

PostgreSQL's ``statement_timeout`` only helps while the server is answering;
TCP keepalives and ``tcp_user_timeout`` only help when nothing on the path
acknowledges packets. A frozen server behind a proxy, or a relay that stops
forwarding, defeats all three: psycopg then waits forever and so does the
visitor. This watchdog gives each round trip a deadline and, when it passes,
shuts the connection's socket down from another thread. psycopg wakes up,
raises ``OperationalError`` and the request gets the 503 page
(core/unavailable.py); Django drops the broken connection at the end of the
request and the next one reconnects, so the site recovers by itself.

One thread per process, started on first use (after gunicorn forks), checks
the deadlines a few times a second. Arming a deadline costs a dict write.
"""

import contextlib
import itertools
import logging
import os
import socket
import threading
import time

logger = logging.getLogger("core.querywatchdog")

CHECK_INTERVAL = 0.1

_deadlines = {}  # token -> (deadline, psycopg connection, description)
_counter = itertools.count()
_lock = threading.Lock()
_watcher_pid = None


@contextlib.contextmanager
def deadline(raw_connection, seconds, description="query"):
    """Cut `raw_connection` (a psycopg connection) if the block takes longer than `seconds`."""
    if raw_connection is None or not seconds:
        yield
        return
    _ensure_watcher()
    token = next(_counter)
    _deadlines[token] = (time.monotonic() + seconds, raw_connection, description)
    try:
        yield
    finally:
        _deadlines.pop(token, None)


def _ensure_watcher():
    global _watcher_pid
    if _watcher_pid == os.getpid():
        return
    with _lock:
        if _watcher_pid != os.getpid():
            threading.Thread(target=_watch, name="query-watchdog", daemon=True).start()
            _watcher_pid = os.getpid()


def _watch():
    while True:
        time.sleep(CHECK_INTERVAL)
        now = time.monotonic()
        for token, (due, raw_connection, description) in list(_deadlines.items()):
            if due <= now and _deadlines.pop(token, None) is not None:
                _cut(raw_connection, description)


def _cut(raw_connection, description):
    """Shut the socket down under psycopg: its wait returns and it raises OperationalError."""
    try:
        fd = raw_connection.pgconn.socket
    except Exception:
        return
    logger.error("Database did not answer in time; cutting the connection (%s)", description)
    with contextlib.suppress(OSError):
        # A duplicate of the descriptor: shutdown acts on the socket itself,
        # and closing the duplicate leaves psycopg's descriptor to psycopg.
        sock = socket.socket(fileno=os.dup(fd))
        try:
            sock.shutdown(socket.SHUT_RDWR)
        finally:
            sock.close()
