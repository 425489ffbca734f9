"""leedsnetworks.settings.production reads only the environment, refuses to start half-configured, and passes check --deploy."""

import secrets
import socketserver
import threading
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.ops_support import load_production_settings, manage, production_env


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY is not set"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS is not set"),
        ("DATABASE_URL", "DATABASE_URL is not set"),
    ],
)
def test_refuses_to_start_without_required_variables(monkeypatch, missing, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        load_production_settings(monkeypatch, **{missing: None})
    assert ".env.example" in str(error.value)


def test_refuses_a_database_that_is_not_postgresql(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="must point at PostgreSQL"):
        load_production_settings(monkeypatch, DATABASE_URL="sqlite:///db.sqlite3")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DB_CONN_MAX_AGE", "ten", "DB_CONN_MAX_AGE must be a whole number"),
        ("EMAIL_USE_TLS", "maybe", "EMAIL_USE_TLS must be true or false"),
        ("CSRF_TRUSTED_ORIGINS", "international.example.org", "must be origins"),
    ],
)
def test_bad_values_get_a_clear_message(monkeypatch, name, value, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_production_settings(monkeypatch, **{name: value})


def test_tls_and_ssl_together_are_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="only one of EMAIL_USE_TLS"):
        load_production_settings(monkeypatch, EMAIL_USE_TLS="true", EMAIL_USE_SSL="true")


def test_everything_comes_from_the_environment(monkeypatch, tmp_path):
    key = secrets.token_urlsafe(50)
    module = load_production_settings(
        monkeypatch,
        SECRET_KEY=key,
        ALLOWED_HOSTS="international.example.org, www.example.org",
        CSRF_TRUSTED_ORIGINS="https://international.example.org,https://admin.example.org",
        DATABASE_URL="postgres://web:pw@db.internal:6543/leeds",
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="mailer",
        EMAIL_HOST_PASSWORD="mail-secret",
        EMAIL_USE_TLS="true",
        WAGTAILADMIN_BASE_URL="https://international.example.org/",
        MEDIA_ROOT=str(tmp_path / "media"),
        LOG_LEVEL="WARNING",
    )
    assert key == module.SECRET_KEY
    assert module.DEBUG is False
    assert module.ALLOWED_HOSTS == ["international.example.org", "www.example.org"]
    assert module.CSRF_TRUSTED_ORIGINS == ["https://international.example.org", "https://admin.example.org"]
    db = module.DATABASES["default"]
    assert (db["ENGINE"], db["HOST"], db["PORT"], db["NAME"], db["USER"], db["PASSWORD"]) == (
        "core.postgresql",
        "db.internal",
        6543,
        "leeds",
        "web",
        "pw",
    )
    assert db["CONN_MAX_AGE"] == 600 and db["CONN_HEALTH_CHECKS"] is True
    # A database that stops answering costs seconds (docs/faults.md).
    assert db["OPTIONS"]["connect_timeout"] == 3
    assert db["OPTIONS"]["options"] == "-c statement_timeout=5000"
    assert db["OPTIONS"]["keepalives"] == 1 and db["OPTIONS"]["tcp_user_timeout"] == 10000
    assert db["OPTIONS"]["query_deadline"] == 7
    mail = module.MAILERS["default"]
    assert mail["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mail["OPTIONS"] == {
        "host": "smtp.example.org",
        "port": 2525,
        "username": "mailer",
        "password": "mail-secret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }
    assert module.WAGTAILADMIN_BASE_URL == "https://international.example.org"
    assert str(module.MEDIA_ROOT) == str(tmp_path / "media")
    assert module.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert module.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    assert module.SECURE_SSL_REDIRECT is True
    assert (module.SECURE_HSTS_SECONDS, module.SECURE_HSTS_INCLUDE_SUBDOMAINS, module.SECURE_HSTS_PRELOAD) == (
        31_536_000,
        True,
        True,
    )
    assert module.SESSION_COOKIE_SECURE and module.CSRF_COOKIE_SECURE
    assert module.SESSION_COOKIE_HTTPONLY and module.CSRF_COOKIE_HTTPONLY
    assert module.SESSION_COOKIE_SAMESITE == module.CSRF_COOKIE_SAMESITE == "Lax"
    assert module.LOGGING["root"]["level"] == "WARNING"
    assert module.LOGGING["formatters"]["json"]["()"] == "pythonjsonlogger.json.JsonFormatter"


def test_admin_base_url_defaults_to_the_first_host(monkeypatch):
    assert (
        load_production_settings(monkeypatch, ALLOWED_HOSTS=".example.org,b.org").WAGTAILADMIN_BASE_URL
        == "https://example.org"
    )


@pytest.mark.parametrize(
    ("env", "origin"),
    [
        ({"AWS_S3_REGION_NAME": "eu-west-2"}, "https://s3.eu-west-2.amazonaws.com"),
        ({"AWS_S3_ENDPOINT_URL": "https://objects.example.net"}, "https://objects.example.net"),
        ({"AWS_S3_CUSTOM_DOMAIN": "media.example.org"}, "https://media.example.org"),
    ],
)
def test_a_bucket_puts_media_in_s3_and_its_origin_in_the_csp(monkeypatch, settings, env, origin):
    module = load_production_settings(monkeypatch, AWS_STORAGE_BUCKET_NAME="leeds-media", **env)
    storage = module.STORAGES["default"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"]["bucket_name"] == "leeds-media"
    assert storage["OPTIONS"]["querystring_auth"] is False
    assert origin in module.SECURE_CSP["img-src"]
    assert origin in module.ADMIN_SECURE_CSP["img-src"]
    assert module.SERVE_MEDIA is False

    # The URLs django-storages really builds for an image are on that origin.
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    url = S3Storage(**storage["OPTIONS"]).url("images/logo.width-400.png")
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == origin
    assert "Signature" not in url and "X-Amz" not in url


def test_base_settings_are_not_changed_by_loading_production(monkeypatch, settings):
    """production.py builds new dicts; the running test settings keep their own policy."""
    load_production_settings(
        monkeypatch, AWS_STORAGE_BUCKET_NAME="leeds-media", AWS_S3_CUSTOM_DOMAIN="media.example.org"
    )
    from leedsnetworks.settings import base

    assert "https://media.example.org" not in base.SECURE_CSP["img-src"]


def test_check_deploy_is_clean(tmp_path):
    """What CI runs: no warnings at all with production settings and a valid environment."""
    env = production_env(REDIS_URL="redis://127.0.0.1:6379/0", STATIC_ROOT=str(tmp_path))
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_on_a_weak_secret_key():
    """The check really looks: a short key is a warning, and warnings fail."""
    result = manage(production_env(SECRET_KEY="short"), "check", "--deploy", "--fail-level", "WARNING", check=False)
    assert result.returncode != 0
    assert "security.W009" in result.stderr


class _SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept one message (no TLS): what a relay would receive."""

    def handle(self):
        self.wfile.write(b"220 sink ESMTP\r\n")
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in {"EHLO", "HELO"}:
                self.wfile.write(b"250-sink\r\n250 AUTH PLAIN LOGIN\r\n")
            elif verb == "AUTH":
                self.server.auth.append(command)
                self.wfile.write(b"235 ok\r\n")
            elif verb == "DATA":
                self.wfile.write(b"354 go\r\n")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(part.decode())
                self.server.messages.append("".join(data))
                self.wfile.write(b"250 queued\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def test_email_goes_out_by_smtp_with_the_environment_s_settings():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSink)
    server.messages, server.auth = [], []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        env = production_env(
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(server.server_address[1]),
            EMAIL_HOST_USER="mailer",
            EMAIL_HOST_PASSWORD="mail-secret",
            EMAIL_USE_TLS="false",
        )
        send = (
            "from django.core.mail import send_mail;"
            "send_mail('Page published', 'Eurocities was published.', None, ['editor@example.org'])"
        )
        manage(env, "shell", "-c", send)
    finally:
        server.shutdown()
        server.server_close()
    assert len(server.messages) == 1
    assert "Subject: Page published" in server.messages[0]
    assert "From: international@leeds.gov.uk" in server.messages[0]
    assert server.auth and server.auth[0].startswith("AUTH")
