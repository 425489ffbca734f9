"""`make bench`: production settings on 127.0.0.1, plus the ceiling view.

bench/speed.py provides what production.py requires (a PostgreSQL
DATABASE_URL, REDIS_URL, STATIC_ROOT) before gunicorn loads this. Never used
to serve the real site: the secret key below is public.
"""

import os

# Production refuses to start without these; on loopback there is no TLS proxy.
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")

from .production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
# bench/speed.py measures pages rendered afresh with ?fresh=1, a query
# parameter the page cache does not key on, from the same server.
