"""Gunicorn for production settings: `make serve` and any server that runs the site.

Everything that differs between machines comes from the environment:
WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_BIND (or PORT),
GUNICORN_TIMEOUT, FORWARDED_ALLOW_IPS and GUNICORN_ACCESS_LOG.
"""

import multiprocessing
import os

from ops.logconfig import gunicorn_logging

wsgi_app = "leedsnetworks.wsgi:application"

bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Gunicorn's advice for sync workers, capped: each worker holds a database
# connection for DB_CONN_MAX_AGE seconds.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * multiprocessing.cpu_count() + 1, 9))
# Threads (gthread): a request stuck on a hung database holds one thread for
# up to DB_QUERY_DEADLINE seconds while the others go on serving cached pages
# (docs/faults.md). Each thread holds its own database connection.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never takes a server down;
# jitter keeps them from restarting together.
max_requests = 2000
max_requests_jitter = 200
# Heartbeat files in memory, not on a possibly slow disk.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own advice
# Only the local proxy may say a request arrived over HTTPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Several servers (tests, `make serve`, `make loadtest`) may run at once on one
# machine; the control socket's fixed path in $HOME would collide.
control_socket_disable = True

# The same JSON lines as Django's production logging, on stdout. Access lines
# are off by default: the proxy in front logs every request already.
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG", "").lower() in {"1", "true", "yes"} else None
logconfig_dict = gunicorn_logging(os.environ.get("LOG_LEVEL", "INFO"), access_log=bool(accesslog))
