"""A database built by an earlier release migrates to today's code with every page and record intact.

The earlier release is checked out from git (``git archive``) into a
temporary folder and run for real: it migrates an empty database, seeds the
site and stores a report, as a live site would have. Today's ``migrate`` then
runs on that database, and every page must still serve, with the report
still there and the moved page types (information pages and the report form,
once in the ``support`` app) under their new apps with the same ids.
"""

import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

import pytest

from tests.ops_support import create_database, database_prefix, drop_database, require_service

ROOT = Path(__file__).resolve().parent.parent
# The last commit before the apps were rearranged (issue 8): main as it stood.
EARLIER_RELEASE = "8daf370"

SEED_A_REPORT = """
from support.models import ReportProblemPage
page = ReportProblemPage.objects.get()
form = page.get_form({"page_address": "/international/", "what_is_the_problem": "The map is missing."}, page=page)
assert form.is_valid(), form.errors
page.process_form_submission(form)
print("report page id:", page.pk)
"""

CHECK_EVERY_PAGE = """
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page
from reports.models import ReportProblemPage
from standardpages.models import InformationPage

client = Client()
for page in Page.objects.live().public().filter(depth__gt=1).specific():
    response = client.get(page.url, HTTP_HOST="localhost")
    print(f"{response.status_code} {type(page).__name__} {page.url}")
print("information pages:", InformationPage.objects.count())
report = ReportProblemPage.objects.get()
print("report page id:", report.pk)
print("submissions:", [s.get_data()["what_is_the_problem"] for s in FormSubmission.objects.filter(page=report)])
print("support content types:", ContentType.objects.filter(app_label="support").count())
"""


def earlier_source(destination):
    try:
        archive = subprocess.run(  # noqa: S603
            ["git", "archive", "--format=tar", EARLIER_RELEASE],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (subprocess.CalledProcessError, FileNotFoundError) as error:
        message = f"git cannot produce the earlier release {EARLIER_RELEASE} (a shallow clone?): {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def run(cwd, database_url, *args):
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.test",
        "DATABASE_URL": database_url,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if result.returncode != 0:
        pytest.fail(f"manage.py {args[0]} in {cwd} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture
def database_url():
    """An empty database of the kind the suite runs on: PostgreSQL when DATABASE_URL says so, else SQLite."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        require_service("PostgreSQL", "127.0.0.1", 5432)
        name = f"{database_prefix()}_upgrade"
        yield create_database(name)
        drop_database(name)
    else:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/upgrade.sqlite3"


def test_a_site_seeded_by_the_earlier_release_migrates_and_serves_every_page(tmp_path, database_url):
    earlier = earlier_source(tmp_path / "earlier")
    run(earlier, database_url, "migrate", "--noinput", "-v0")
    run(earlier, database_url, "seed_content")
    before = run(earlier, database_url, "shell", "-c", SEED_A_REPORT)
    report_page_id = next(line for line in before.splitlines() if line.startswith("report page id:"))

    run(ROOT, database_url, "migrate", "--noinput", "-v0")
    report = run(ROOT, database_url, "shell", "-c", CHECK_EVERY_PAGE)

    lines = report.splitlines()
    served = [line for line in lines if line[:3].isdigit()]
    # The home page, the landing page, five networks, the report form and three information pages.
    assert len(served) == 11, report
    assert all(line.startswith("200 ") for line in served), report
    assert any("ReportProblemPage /report-a-problem/" in line for line in served), report
    assert any("InformationPage /accessibility-statement/" in line for line in served), report
    assert "information pages: 3" in lines, report
    assert report_page_id in lines, report
    assert "submissions: ['The map is missing.']" in lines, report
    assert "support content types: 0" in lines, report
