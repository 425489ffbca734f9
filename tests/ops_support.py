"""Helpers for the operations tests: production settings, unreachable services, real servers.

Outages are real, never mocked: a database or Redis "down" is a client
connecting to 127.0.0.1 on a port where nothing listens (or a TCP relay that
is switched off), so the driver raises exactly what it raises in production.
The shared PostgreSQL and Redis servers are never stopped.
"""

import contextlib
import importlib
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections
from django.db.utils import ConnectionHandler

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_HOST, POSTGRES_PORT = "127.0.0.1", 5432
REDIS_URL = "redis://127.0.0.1:6379/0"


def closed_port():
    """A TCP port on 127.0.0.1 where nothing listens (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(host, port):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=1):
        return True
    return False


def require_service(name, host, port):
    """Skip when a local service is missing, except in CI, where it must be there."""
    if reachable(host, port):
        return
    message = f"{name} is not running on {host}:{port}"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (CI starts it; see .ci/run).")
    pytest.skip(message)


def database_prefix():
    """A prefix for databases these tests create, unique to this helper's run (see DATABASE_URL)."""
    name = urlsplit(os.environ.get("DATABASE_URL", "")).path.lstrip("/") or "leedsnetworks"
    # The process id keeps two runs of the suite on one server apart.
    return f"{name}_ops{os.getpid()}"


def production_env(**overrides):
    """A complete, valid environment for leedsnetworks.settings.production."""
    env = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "international.example.org,localhost,127.0.0.1,testserver",
        "DATABASE_URL": f"postgres://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/postgres",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


PRODUCTION_VARIABLES = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "DB_CONN_MAX_AGE",
    "DB_CONNECT_TIMEOUT",
    "DB_STATEMENT_TIMEOUT",
    "DB_TCP_USER_TIMEOUT",
    "DB_KEEPALIVES_IDLE",
    "DB_QUERY_DEADLINE",
    "REDIS_BREAKER_SECONDS",
    "REDIS_URL",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "EMAIL_TIMEOUT",
    "SERVER_EMAIL",
    "WAGTAILADMIN_BASE_URL",
    "SITE_URL",
    "MEDIA_ROOT",
    "STATIC_ROOT",
    "SERVE_MEDIA",
    "SECURE_SSL_REDIRECT",
    "LOG_LEVEL",
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "FRONTEND_CACHE_LOCATION",
    "FRONTEND_CACHE_CLOUDFLARE_ZONEID",
    "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
    "FRONTEND_CACHE_CLOUDFLARE_EMAIL",
    "FRONTEND_CACHE_CLOUDFLARE_API_KEY",
    "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID",
    "EDGE_CACHE_MAX_AGE",
]


def load_production_settings(monkeypatch, **overrides):
    """Import leedsnetworks.settings.production afresh under exactly `production_env(**overrides)`; return the module."""
    for name in PRODUCTION_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in production_env(**overrides).items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("leedsnetworks.settings.production", None)
    try:
        return importlib.import_module("leedsnetworks.settings.production")
    finally:
        sys.modules.pop("leedsnetworks.settings.production", None)


# What production.py decides about security, applied over the test settings so
# the test client sees production's headers and cookies.
SECURITY_SETTING_PREFIXES = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")
SECURITY_SETTINGS = ("ADMIN_SECURE_CSP", "PERMISSIONS_POLICY", "X_FRAME_OPTIONS", "MIDDLEWARE")


def production_security_settings(monkeypatch):
    module = load_production_settings(monkeypatch)
    return {
        name: getattr(module, name)
        for name in dir(module)
        if name.startswith(SECURITY_SETTING_PREFIXES) or name in SECURITY_SETTINGS
    }


@contextlib.contextmanager
def unreachable_database(alias="default"):
    """Swap the connection for one to a PostgreSQL port where nothing listens.

    The test's own connection (and its transaction) is left untouched and put
    back afterwards: the database "returns".
    """
    handler = ConnectionHandler(
        {
            alias: {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "leedsnetworks",
                "USER": "postgres",
                "HOST": "127.0.0.1",
                "PORT": str(closed_port()),
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    broken = handler[alias]
    original = connections[alias]
    connections[alias] = broken
    try:
        yield broken
    finally:
        connections[alias] = original
        broken.close()


class TcpRelay:
    """A TCP relay on 127.0.0.1 to another port, which a test can switch off and on, or hang.

    Off, it refuses new connections and cuts the open ones: to a client it is a
    server that went away. On again (same port), it is a server that came back.
    Hung, it keeps every connection open and accepts new ones, but forwards
    nothing in either direction: a frozen server, or a link that dropped
    without a word. The kernel still acknowledges every packet, so neither TCP
    keepalives nor tcp_user_timeout notice. Resumed, what was held is sent on.
    """

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = closed_port()
        self._listener = None
        self._sockets = set()
        self._lock = threading.Lock()
        self._flowing = threading.Event()
        self._flowing.set()

    def hang(self):
        self._flowing.clear()

    def resume(self):
        self._flowing.set()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def stop(self):
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._sockets.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                self._flowing.wait()
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


class PrivateRedis:
    """A redis-server of this test's own on a free port of 127.0.0.1 (no disk), for faults the shared one must not see."""

    def __init__(self):
        self.port = closed_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=10)

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not reachable("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def clean_env(env):
    """This process's environment without any site configuration, plus `env` (production settings by default)."""
    full_env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_VARIABLES}
    # Set by the browser tests' conftest for Playwright; never in a deployment
    # (check --deploy rightly refuses it).
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    full_env["DJANGO_SETTINGS_MODULE"] = "leedsnetworks.settings.production"
    full_env.update(env)
    return full_env


def manage(env, *args, check=True, timeout=300):
    """Run manage.py under `env` with production settings; fail with its output if it fails."""
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        pytest.fail(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def postgres_admin(sql):
    """Run one statement on the server's maintenance database (CREATE/DROP DATABASE)."""
    import psycopg

    with psycopg.connect(
        host=POSTGRES_HOST, port=POSTGRES_PORT, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def create_database(name):
    postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    postgres_admin(f'CREATE DATABASE "{name}"')
    return f"postgres://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}/{name}"


def drop_database(name):
    postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


ADD_LOGO = """
from io import BytesIO
from PIL import Image as PILImage
from django.core.files.images import ImageFile
from wagtail.images.models import Image
from networks.models import NetworkPage
buffer = BytesIO()
PILImage.new("RGB", (320, 200), (0, 54, 95)).save(buffer, "PNG")
image = Image.objects.create(title="Eurocities logo", file=ImageFile(buffer, name="eurocities-logo.png"))
page = NetworkPage.objects.get(slug="eurocities", locale__language_code="en-gb")  # not its translations
page.logo = image
page.logo_alt_text = "Eurocities logo"
page.save_revision().publish()
"""


class ProductionSite:
    """A PostgreSQL database migrated and seeded (with an uploaded logo), collected static files and media."""

    def __init__(self, tmp_path_factory):
        self.name = f"{database_prefix()}_site"
        self.static_root = tmp_path_factory.mktemp("static")
        self.media_root = tmp_path_factory.mktemp("media")
        self.database_url = create_database(self.name)
        self.env = production_env(
            DATABASE_URL=self.database_url,
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(self.media_root),
            SERVE_MEDIA="true",
            ALLOWED_HOSTS="localhost,127.0.0.1,testserver",
        )
        manage(self.env, "collectstatic", "--noinput", "-v0")
        manage(self.env, "migrate", "--noinput", "-v0")
        manage(self.env, "seed_content")
        manage(self.env, "shell", "-c", ADD_LOGO)

    def drop(self):
        drop_database(self.name)


class Gunicorn:
    """gunicorn with gunicorn.conf.py and production settings on a free local port."""

    def __init__(self, env, workers=1):
        self.port = closed_port()
        self.env = clean_env(
            {
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{self.port}",
                "WEB_CONCURRENCY": str(workers),
                "GUNICORN_TIMEOUT": "20",
            }
        )
        self.process = None
        self.output = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self):
        self.process = subprocess.Popen(  # noqa: S603
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "gunicorn.conf.py"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.monotonic() + 30
        while not reachable("127.0.0.1", self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                raise RuntimeError("gunicorn did not start:\n" + "".join(self.output))
            time.sleep(0.1)
        return self

    def _read(self):
        for line in self.process.stdout:
            self.output.append(line)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="session")
def production_site(tmp_path_factory):
    """The seeded site on its own PostgreSQL database, for tests that run production settings in real processes."""
    require_service("PostgreSQL", POSTGRES_HOST, POSTGRES_PORT)
    site = ProductionSite(tmp_path_factory)
    yield site
    site.drop()
