"""Back up and restore the whole site: the PostgreSQL database and every media file.

A backup is a folder of three files:

- ``database.dump``: ``pg_dump --format=custom`` of the whole database (pages,
  revisions, images' and documents' records, users, the search index).
- ``media.tar.gz``: every file in the default storage (local disk or bucket):
  original images, renditions, documents.
- ``manifest.json``: when, from which versions, and each file's SHA-256, so a
  damaged or partial copy is refused before anything is written.

A restore goes onto an empty database (``createdb``, nothing else) and an
empty or matching media storage, and gives the same site: the same pages, the
same images, the same admin history.
"""

import hashlib
import json
import os
import posixpath
import shutil
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import django
import wagtail
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections

DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST_FILE = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


def _postgres(alias):
    connection = connections[alias]
    if connection.vendor != "postgresql":
        raise BackupError(
            f"Backups use pg_dump and need PostgreSQL; database {alias!r} is {connection.vendor}. "
            "For the SQLite file used in development, copy db.sqlite3 and the media folder instead."
        )
    settings_dict = connection.settings_dict
    _, env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return connection, env


def _run(command, env):
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed: install PostgreSQL's client tools (postgresql-client).")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit {result.returncode}): {result.stderr.strip()}")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def storage_files(storage=default_storage, path=""):
    """Every file name in the storage, walking its folders."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, posixpath.join(path, directory) if path else directory)


def backup(destination, alias="default"):
    """Write a backup folder at ``destination`` (which must not exist yet); return its manifest."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} already exists and is not empty: choose a new folder.")
    connection, env = _postgres(alias)
    destination.mkdir(parents=True, exist_ok=True)

    database = destination / DATABASE_FILE
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(database)], env)

    media = destination / MEDIA_FILE
    count = 0
    with tarfile.open(media, "w:gz") as archive:
        for name in storage_files():
            with default_storage.open(name, "rb") as stream:
                info = tarfile.TarInfo(name)
                info.size = default_storage.size(name)
                info.mtime = 0
                archive.addfile(info, stream)
            count += 1

    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.settings_dict["NAME"],
        "django": django.__version__,
        "wagtail": wagtail.__version__,
        "media_files": count,
        "sha256": {DATABASE_FILE: _sha256(database), MEDIA_FILE: _sha256(media)},
    }
    (destination / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def _check_backup(source):
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST_FILE).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST_FILE}: it is not a backup folder made by backup_site.") from None
    for name, expected in manifest["sha256"].items():
        path = source / name
        if not path.exists():
            raise BackupError(f"{path} is missing: the backup is incomplete.")
        if _sha256(path) != expected:
            raise BackupError(f"{path} does not match its checksum in {MANIFEST_FILE}: the backup is damaged.")
    return manifest


def _safe_member_name(member):
    name = member.name
    if not member.isfile() or name.startswith("/") or ".." in Path(name).parts:
        raise BackupError(f"{MEDIA_FILE} holds an unexpected entry {name!r}: refusing to restore it.")
    return name


def restore(source, alias="default"):
    """Restore the backup folder ``source`` onto an empty database and media storage."""
    source = Path(source)
    manifest = _check_backup(source)
    connection, env = _postgres(alias)
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"Database {connection.settings_dict['NAME']!r} is not empty ({len(tables)} tables). "
            "Restore onto a new, empty database (createdb NAME) so nothing is mixed or lost."
        )

    # Media first: a clash is found before the database changes at all.
    with tarfile.open(source / MEDIA_FILE, "r:gz") as archive:
        members = [(member, _safe_member_name(member)) for member in archive.getmembers()]
        for _member, name in members:
            if default_storage.exists(name):
                raise BackupError(
                    f"Media file {name!r} already exists in the target storage: restore onto empty media storage."
                )
        with tempfile.TemporaryDirectory() as scratch:
            for member, name in members:
                local = Path(scratch) / "file"
                with archive.extractfile(member) as stream, open(local, "wb") as out:
                    shutil.copyfileobj(stream, out)
                with open(local, "rb") as stream:
                    saved = default_storage.save(name, File(stream))
                if saved != name:
                    raise BackupError(f"Media file {name!r} was stored as {saved!r}: the storage renamed it.")

    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            env["PGDATABASE"],
            str(source / DATABASE_FILE),
        ],
        env,
    )
    return manifest
