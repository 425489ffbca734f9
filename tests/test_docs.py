"""The README and docs/ stay true to the code: the files they name exist, every
environment variable the code reads is documented, and configuration.md lists
none that nothing reads.

Read from the files themselves, so a move, a rename or a new setting that the
docs miss fails here rather than misleading the next reader.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
CONFIGURATION = ROOT / "docs" / "configuration.md"
NOT_OURS = {".venv", "node_modules", "staticfiles", "media", ".git"}
PACKAGES = [path.parent for path in ROOT.glob("*/__init__.py")]

# Made at run time, never in the repository.
RUNTIME_PATHS = ("media/", "staticfiles/", "backups/")
# Read by boto3 (django-storages' S3 backend), not by our code.
READ_BY_LIBRARIES = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Set by the tests for themselves, never by a person: a file name passed to a
# subprocess, and Django's switch for Playwright's synchronous API.
TEST_INTERNALS = {"SNAPSHOT_FILE", "DJANGO_ALLOW_ASYNC_UNSAFE"}

ENV_READ = re.compile(
    r"""(?:environ(?:\.get|\.setdefault)?\s*[\[(]\s*|_env_\w+\(\s*|_require\(\s*|\$\{)["']?([A-Z][A-Z0-9_]+)"""
)
BACKTICKED = re.compile(r"`([^`\n]+)`")
PATH_LIKE = re.compile(r"^[\w.-]+(?:/[\w.-]+)*/?$")


def backticked_paths(text):
    for token in BACKTICKED.findall(text):
        if "/" in token and PATH_LIKE.match(token) and not token.startswith(RUNTIME_PATHS):
            yield token


def before_the_moves_table(path):
    """docs/development.md's last section names where code *was*; only its "now" column must exist."""
    text = path.read_text(encoding="utf-8")
    head, _, moves = text.partition("## What moved where")
    now_column = [row.split("|")[2] for row in moves.splitlines() if row.startswith("| `") or row.startswith("| ")]
    return head + "\n".join(now_column[2:])  # past the header and the --- row


def exists(token):
    """A path from the project's root, or inside a package (the layout table says `views.py` of its package)."""
    token = token.rstrip("/")
    return (ROOT / token).exists() or any(package.joinpath(token).exists() for package in PACKAGES)


def test_every_path_the_docs_name_exists():
    missing = []
    for doc in DOCS:
        for token in backticked_paths(before_the_moves_table(doc)):
            if not exists(token):
                missing.append(f"{doc.relative_to(ROOT)}: {token}")
    assert missing == [], "The docs name files that do not exist:\n" + "\n".join(missing)


def test_the_moves_table_names_only_places_that_exist_now():
    text = (ROOT / "docs" / "development.md").read_text(encoding="utf-8")
    rows = [row for row in text.partition("## What moved where")[2].splitlines() if row.startswith("| ")]
    assert len(rows) > 15, "docs/development.md should end with the table of what moved where in issue 8"
    missing = [
        token for row in rows[2:] for token in backticked_paths(row.split("|")[2]) if not (ROOT / token).exists()
    ]
    assert missing == []


def variables_the_code_reads():
    found = {}
    files = [*ROOT.rglob("*.py"), ROOT / "scripts" / "serve.sh"]
    for path in files:
        if NOT_OURS.intersection(path.relative_to(ROOT).parts):
            continue
        for name in ENV_READ.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path.relative_to(ROOT))
    return found


def documented_variables():
    """The names in the first column of configuration.md's environment tables."""
    text = CONFIGURATION.read_text(encoding="utf-8").partition("## Make variables")[0]
    names = set()
    for row in text.splitlines():
        if row.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def test_every_variable_the_code_reads_is_documented():
    """In docs/configuration.md, or in the docs/ page of the feature that reads it."""
    read = variables_the_code_reads()
    text = "\n".join(doc.read_text(encoding="utf-8") for doc in DOCS)
    missing = sorted(
        f"{name} (read in {path})"
        for name, path in read.items()
        if f"`{name}`" not in text and name not in TEST_INTERNALS
    )
    assert missing == [], "Document these in docs/configuration.md:\n" + "\n".join(missing)


def test_configuration_md_documents_no_variable_the_code_does_not_read():
    read = set(variables_the_code_reads()) | READ_BY_LIBRARIES
    stale = sorted(documented_variables() - read)
    assert stale == [], f"docs/configuration.md documents variables nothing reads: {stale}"


def test_env_example_lists_every_variable_production_reads():
    production = ["leedsnetworks/settings/base.py", "leedsnetworks/settings/production.py", "gunicorn.conf.py"]
    read = set()
    for name in production:
        read.update(ENV_READ.findall((ROOT / name).read_text(encoding="utf-8")))
    # PORT: gunicorn's fallback when GUNICORN_BIND is unset; `make serve` passes it.
    read -= {"PORT"}
    example = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE))
    assert sorted(read - example) == [], ".env.example should list every variable production reads"


def test_the_finders_find_what_they_look_for():
    """Guards the tests above against passing because they found nothing."""
    read = variables_the_code_reads()
    assert {"SECRET_KEY", "EMAIL_PORT", "WEB_CONCURRENCY", "DJANGO_SUPERUSER_EMAIL", "LOADTEST_USERS"} <= set(read)
    assert {"DATABASE_URL", "GUNICORN_BIND", "LOADTEST_DB"} <= documented_variables()
    assert "core/pages.py" in set(backticked_paths("The base page is `core/pages.py`; see `/admin/`."))


def test_where_things_live_has_one_line_per_package_in_its_layer():
    """docs/development.md's layout table matches tests/test_structure.py's LAYERS."""
    from tests.test_structure import LAYERS

    section = (ROOT / "docs" / "development.md").read_text(encoding="utf-8").partition("## Where things live")[2]
    rows = re.findall(r"^\| (\d+) \| `(\w+)/` \|", section.partition("\n## ")[0], flags=re.MULTILINE)
    documented = sorted((int(layer), package) for layer, package in rows)
    expected = sorted((layer, package) for layer, packages in enumerate(LAYERS) for package in packages)
    assert documented == expected
