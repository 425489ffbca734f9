"""Backup and restore: a backup restored onto an empty database and empty media gives the same site.

Runs the real commands (`backup_site`, `restore_site`: pg_dump, pg_restore and
a media tarball) under production settings in their own processes, against
real PostgreSQL databases created for the test.
"""

import json
import shutil
import tarfile
from pathlib import Path

import pytest

from tests.ops_support import create_database, database_prefix, drop_database, manage

# Renders every live page (plus the theme filter, the sitemap and a 404),
# fetches every /media/ file those pages use, and counts the rows of every
# table: what a visitor sees and what an editor would find.
SNAPSHOT = r"""
import hashlib, json, os, re
from django.db import connection
from django.test import Client
from wagtail.models import Page

client = Client(HTTP_X_FORWARDED_PROTO="https", SERVER_NAME="localhost")
snapshot = {"pages": {}, "media": {}, "rows": {}}
paths = {page.url for page in Page.objects.live().public().specific() if page.url}
paths |= {"/international/?theme=climate", "/sitemap.xml", "/no-such-page/"}
for path in sorted(paths):
    response = client.get(path)
    body = response.content.decode()
    # A form's CSRF token is new on every request; everything else must match.
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', 'name="csrfmiddlewaretoken" value=""', body)
    snapshot["pages"][path] = {"status": response.status_code, "body": body}
    for url in re.findall(r"/media/[^\s\"',]+", body):
        media = client.get(url)
        content = b"".join(media.streaming_content) if media.streaming else media.content
        snapshot["media"][url] = {"status": media.status_code, "sha256": hashlib.sha256(content).hexdigest()}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        snapshot["rows"][table] = cursor.fetchone()[0]
with open(os.environ["SNAPSHOT_FILE"], "w") as out:
    json.dump(snapshot, out)
"""


def snapshot(env, path):
    manage({**env, "SNAPSHOT_FILE": str(path)}, "shell", "-c", SNAPSHOT)
    return json.loads(path.read_text())


@pytest.fixture(scope="module")
def site_backup(production_site, tmp_path_factory):
    """The site's snapshot, then a backup of it (taken after, so renditions made while rendering are in it)."""
    folder = tmp_path_factory.mktemp("backup")
    before = snapshot(production_site.env, folder / "before.json")
    result = manage(production_site.env, "backup_site", str(folder / "backup"))
    assert "Backed up database" in result.stdout
    return before, folder / "backup"


@pytest.fixture
def empty_target(production_site, tmp_path):
    name = f"{database_prefix()}_restored"
    url = create_database(name)
    media = tmp_path / "restored-media"
    media.mkdir()
    yield {**production_site.env, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    drop_database(name)


def test_restore_onto_an_empty_database_serves_an_identical_site(site_backup, empty_target, tmp_path):
    before, backup = site_backup
    # The snapshot really covers the site: every page type, and the logo's files.
    assert len(before["pages"]) >= 7
    assert all(page["status"] == 200 for path, page in before["pages"].items() if path != "/no-such-page/")
    assert "Eurocities logo" in before["pages"]["/international/eurocities/"]["body"]
    assert before["media"], "the logo's rendition should be served from /media/"
    assert all(media["status"] == 200 for media in before["media"].values())

    manifest = json.loads((backup / "manifest.json").read_text())
    with tarfile.open(backup / "media.tar.gz") as archive:
        names = archive.getnames()
    assert manifest["media_files"] == len(names) >= 2  # the original and at least one rendition
    assert any(name.startswith("original_images/eurocities-logo") for name in names)

    result = manage(empty_target, "restore_site", str(backup))
    assert "Restored the backup" in result.stdout

    after = snapshot(empty_target, tmp_path / "after.json")
    assert after["rows"] == before["rows"]
    assert after["media"] == before["media"]
    assert after["pages"].keys() == before["pages"].keys()
    for path, page in before["pages"].items():
        assert after["pages"][path] == page, f"{path} differs after restore"


def test_restore_refuses_a_database_that_is_not_empty(production_site, site_backup):
    _, backup = site_backup
    result = manage(production_site.env, "restore_site", str(backup), check=False)
    assert result.returncode != 0
    assert "is not empty" in result.stderr
    assert "createdb" in result.stderr


def test_restore_refuses_a_damaged_backup_before_touching_anything(site_backup, empty_target, tmp_path):
    backup = tmp_path / "damaged"
    shutil.copytree(site_backup[1], backup)
    with open(backup / "database.dump", "ab") as dump:
        dump.write(b"garbage")
    result = manage(empty_target, "restore_site", str(backup), check=False)
    assert result.returncode != 0
    assert "does not match its checksum" in result.stderr
    tables = manage(
        empty_target,
        "shell",
        "-c",
        "from django.db import connection; print(len(connection.introspection.table_names()))",
    )
    assert tables.stdout.strip().splitlines()[-1] == "0"
    assert not any(Path(empty_target["MEDIA_ROOT"]).iterdir())


def test_backup_refuses_sqlite_with_a_clear_message(tmp_path):
    result = manage(
        {
            "DJANGO_SETTINGS_MODULE": "leedsnetworks.settings.dev",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        "backup_site",
        str(tmp_path / "backup"),
        check=False,
    )
    assert result.returncode != 0
    assert "need PostgreSQL" in result.stderr
