"""The HTML of every public page passes the Nu HTML Checker (vnu.jar) with no errors.

vnu.jar comes from npm (package.json pins it; `make test` installs it) and runs
on Java 17. It starts once for every page together, the stylesheet included,
because a Java start costs seconds. Without Java or vnu.jar the test skips with
a message; in CI (CI=true) that is a failure, as for a missing Chromium.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.test import Client

from home.models import HomePage
from reports.models import ReportProblemPage
from tests.body_blocks import publish_every_block_page
from tests.browser.page_types import public_pages, show_editor_tools, translated_pages
from tests.factories import seed_site

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
STYLESHEET = Path(settings.BASE_DIR) / "static" / "css" / "site.css"


@pytest.fixture(scope="session")
def vnu():
    java = shutil.which("java")
    if java is None:
        problem = "Java not found: install Java 17 (`apt-get install -y default-jre-headless`) for the HTML checks"
    elif not VNU_JAR.exists():
        problem = f"{VNU_JAR} not found: `make test` installs it with npm from package.json"
    else:
        return [java, "-Xss4m", "-jar", str(VNU_JAR)]
    if os.environ.get("CI"):
        pytest.fail(f"{problem} (CI requires the HTML checks).")
    pytest.skip(problem)


def rendered_pages(client):
    """{name: (status, html)} for every page type, the report form's other states and the 500 page."""
    pages = {}
    # First, before the page cache holds a good copy of the home page.
    failing = Client(raise_request_exception=False)
    with mock.patch.object(HomePage, "serve", side_effect=RuntimeError("a fault for the test")):
        response = failing.get("/")
    pages["server error"] = (response.status_code, response.content.decode())

    for name, path in [*public_pages(), *translated_pages()]:
        response = client.get(path)
        pages[name] = (response.status_code, response.content.decode())

    report_form = ReportProblemPage.objects.live().get(locale__language_code=settings.LANGUAGE_CODE)
    send_url = f"/send-report/{report_form.pk}/"
    response = client.post(send_url, {"page_address": "/international/"})
    pages["report form with errors"] = (response.status_code, response.content.decode())
    data = {"page_address": "/international/", "what_is_the_problem": "A broken link."}
    response = client.post(send_url, data, follow=True)
    pages["report sent"] = (response.status_code, response.content.decode())
    return pages


def test_every_page_is_valid_html(vnu, db, client, django_capture_on_commit_callbacks, tmp_path, media_root):
    # Search needs the index, which is filled when the seed's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        seed_site(translations=True)
        publish_every_block_page()  # listed with the information pages by public_pages()
        show_editor_tools()
    pages = rendered_pages(client)

    expected_status = {"server error": 500}
    files = {}
    for number, (name, (status, html)) in enumerate(pages.items()):
        expected = 404 if name.endswith("not found") else expected_status.get(name, 200)
        assert status == expected, f"{name} answered {status}"
        path = tmp_path / f"page-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    files[str(STYLESHEET)] = "static/css/site.css"

    result = subprocess.run(  # noqa: S603 - fixed arguments and our own files
        [*vnu, "--format", "json", "--stdout", "--exit-zero-always", "--also-check-css", *files],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert result.stdout, f"vnu.jar printed no report: {result.stderr}"
    messages = json.loads(result.stdout)["messages"]

    def source(message):
        # vnu names files as file:/path; map them back to page names.
        path = "/" + message.get("url", "").removeprefix("file:").lstrip("/")
        return files.get(path, message.get("url", "?"))

    for message in messages:
        if message["type"] == "info":
            print(f"vnu {message.get('subType', 'info')}, {source(message)}: {message['message']}")
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    report = "\n".join(
        f"{source(m)}, line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()[:120]}]"
        for m in errors
    )
    assert not errors, f"{len(errors)} HTML error(s):\n{report}"
