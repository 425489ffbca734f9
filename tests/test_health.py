"""/health/ reports the database and the cache honestly, in-process and from a real gunicorn.

Outages are real connections to ports where nothing listens, or a TCP relay
to the real PostgreSQL that is switched off and on again.
"""

import json
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client, override_settings

from tests.ops_support import (
    POSTGRES_PORT,
    REDIS_URL,
    Gunicorn,
    TcpRelay,
    closed_port,
    require_service,
    unreachable_database,
)


def health(client=None):
    response = (client or Client()).get("/health/")
    return response, json.loads(response.content)


def django_redis(url):
    # As production configures it (leedsnetworks.settings.base.redis_cache):
    # errors ignored, so a dead Redis reads as cache misses.
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }


def test_healthy_site_answers_200_with_each_part(db):
    response, body = health()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body == {
        "status": "ok",
        "failing": [],
        "checks": {"database": {"status": "ok"}, "cache": {"status": "ok"}},
    }
    # Never kept by the page cache or a proxy: each probe sees the present.
    assert "no-store" in response["Cache-Control"]


def test_database_unreachable_is_503_naming_the_database(db):
    with unreachable_database():
        response, body = health()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "error", "error": "OperationalError"}
    assert body["checks"]["cache"] == {"status": "ok"}
    # Public: no host names, ports or driver messages.
    assert "127.0.0.1" not in response.content.decode()

    response, body = health()
    assert response.status_code == 200, "healthy again as soon as the database answers"


def test_redis_reachable_is_healthy(db):
    require_service("Redis", "127.0.0.1", 6379)
    with override_settings(CACHES=django_redis(REDIS_URL)):
        response, body = health()
    assert response.status_code == 200
    assert body["checks"]["cache"] == {"status": "ok"}


def test_redis_unreachable_is_503_naming_the_cache_while_pages_still_work(seeded):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=django_redis(down)):
        response, body = health()
        # Pages are served uncached: IGNORE_EXCEPTIONS turns errors into misses.
        page = Client().get("/international/")
    assert response.status_code == 503
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"] == {"status": "error", "error": "ConnectionError"}
    assert body["checks"]["database"] == {"status": "ok"}
    assert page.status_code == 200


def test_django_builtin_redis_cache_is_probed_too(db):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": down}}
    ):
        response, body = health()
    assert response.status_code == 503
    assert body["failing"] == ["cache"]


def test_both_down_names_both(db):
    down = f"redis://127.0.0.1:{closed_port()}/0"
    with override_settings(CACHES=django_redis(down)), unreachable_database():
        response, body = health()
    assert response.status_code == 503
    assert body["failing"] == ["database", "cache"]


def test_health_is_only_for_reading(db):
    assert Client().post("/health/").status_code == 405
    assert Client().head("/health/").status_code == 200


# A real server: gunicorn with gunicorn.conf.py and production settings.


def get(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - local test server
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


HTTPS = {"X-Forwarded-Proto": "https", "Host": "localhost"}


def json_lines(output):
    lines = [line for line in "".join(output).splitlines() if line.strip()]
    return [json.loads(line) for line in lines]


@pytest.fixture
def relay():
    require_service("PostgreSQL", "127.0.0.1", POSTGRES_PORT)
    relay = TcpRelay(POSTGRES_PORT).start()
    yield relay
    relay.stop()


def test_gunicorn_database_goes_away_and_comes_back(production_site, relay):
    """Persistent connections and all: a dead database gives the 503, its return gives pages, no restart."""
    database_url = production_site.database_url.replace(f":{POSTGRES_PORT}/", f":{relay.port}/")
    env = {**production_site.env, "DATABASE_URL": database_url, "DB_CONNECT_TIMEOUT": "2"}
    with Gunicorn(env, workers=1) as server:
        status, _, html = get(server.url + "/international/eurocities/", HTTPS)
        assert status == 200
        assert "<h1>Eurocities</h1>" in html
        assert get(server.url + "/health/", HTTPS)[0] == 200

        relay.stop()
        status, headers, html = get(server.url + "/international/eurocities/", HTTPS)
        assert status == 503
        assert headers["Retry-After"] == "120"
        assert "Sorry, the site is unavailable" in html
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        status, _, body = get(server.url + "/health/", HTTPS)
        assert status == 503
        assert json.loads(body)["failing"] == ["database"]

        relay.start()
        status, _, html = get(server.url + "/international/eurocities/", HTTPS)
        assert status == 200
        assert "<h1>Eurocities</h1>" in html
        assert get(server.url + "/health/", HTTPS)[0] == 200
        time.sleep(0.5)  # let the last log lines reach the pipe

    # Every line gunicorn and Django printed is a JSON object; the outage is among them.
    records = json_lines(server.output)
    assert any(r["logger"] == "core.unavailable" and r["level"] == "ERROR" for r in records)
    assert any(r["logger"] == "gunicorn.error" for r in records)


def test_gunicorn_with_redis_unreachable_serves_pages_and_reports_the_cache(production_site):
    env = {**production_site.env, "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0"}
    with Gunicorn(env, workers=1) as server:
        status, _, html = get(server.url + "/international/", HTTPS)
        assert status == 200
        assert "Eurocities" in html
        status, _, body = get(server.url + "/health/", HTTPS)
        assert status == 503
        assert json.loads(body)["failing"] == ["cache"]


def test_gunicorn_health_is_reachable_over_plain_http(production_site):
    """A load balancer probes without X-Forwarded-Proto; pages redirect to https, /health/ answers."""
    require_service("Redis", "127.0.0.1", 6379)
    with Gunicorn({**production_site.env, "REDIS_URL": REDIS_URL}, workers=1) as server:
        status, _, body = get(server.url + "/health/", {"Host": "localhost"})
        assert status == 200
        assert json.loads(body)["checks"] == {"database": {"status": "ok"}, "cache": {"status": "ok"}}
        request = urllib.request.Request(server.url + "/international/", headers={"Host": "localhost"})  # noqa: S310

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        with pytest.raises(urllib.error.HTTPError) as redirect:
            urllib.request.build_opener(NoRedirect).open(request, timeout=15)
        assert redirect.value.code == 301
        assert redirect.value.headers["Location"] == "https://localhost/international/"
