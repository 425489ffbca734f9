"""Production logs are JSON lines on stdout: one object per line, with time, level, logger and message."""

import json
import subprocess

from tests.ops_support import PYTHON, ROOT, clean_env, production_env

LOG_SOME_LINES = """
import logging
import django
django.setup()
logging.getLogger("networks").info("Published %s", "Eurocities", extra={"page_id": 4})
logging.getLogger("django.request").warning("not shown: django.request logs errors only")
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").error("Internal Server Error: /international/", exc_info=True)
"""


def run(env):
    return subprocess.run(  # noqa: S603
        [PYTHON, "-c", LOG_SOME_LINES],
        cwd=ROOT,
        env=clean_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_production_logs_json_lines_to_stdout():
    result = run(production_env())
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]  # every line parses
    assert result.stderr == ""

    published = next(r for r in records if r["logger"] == "networks")
    assert published["level"] == "INFO"
    assert published["message"] == "Published Eurocities"
    assert published["page_id"] == 4
    assert published["time"][:2] == "20" and "T" in published["time"]
    assert isinstance(published["pid"], int)

    error = next(r for r in records if r["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert "ZeroDivisionError" in error["exc_info"]
    assert not any("not shown" in r["message"] for r in records)


def test_log_level_comes_from_the_environment():
    result = run(production_env(LOG_LEVEL="WARNING"))
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert not any(r["logger"] == "networks" for r in records)
    assert any(r["level"] == "ERROR" for r in records)


def test_development_logs_stay_plain_text():
    result = run({"DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.dev"})
    assert "Published Eurocities" in result.stderr
    assert not result.stderr.lstrip().startswith("{")
