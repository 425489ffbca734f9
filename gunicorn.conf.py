"""Gunicorn for production settings: `make serve` and any server that runs the site.

Everything that differs between machines comes from the environment:
WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_BIND (or PORT),
GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, FORWARDED_ALLOW_IPS and GUNICORN_ACCESS_LOG.
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
# Django and Wagtail are imported once, in the master, before the workers are
# forked: a new worker starts in milliseconds instead of paying a full start-up
# (about a second of CPU on a 2-core machine). Nothing opens a database or
# Redis connection at import, so no socket is shared between workers.
preload_app = True
# Recycle workers now and then so a slow leak never takes a server down, but
# rarely: at 2,000 requests a busy worker restarted every second or two, and
# each restart cost more than the requests it served (issue 10). With the app
# preloaded a restart is a fork; jitter keeps the workers from restarting
# together. GUNICORN_MAX_REQUESTS=0 turns recycling off.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = max_requests // 10
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
