"""``manage.py update_interface_text``: the interface text's catalogues in locale/, for every language.

Runs Django's ``makemessages`` for each language in ``settings.LANGUAGES`` other
than the site's own (English), leaving out the folders whose text only staff or
tooling read, then ``compilemessages`` for the same languages. The compiled
.mo files are committed, so a fresh clone and production need no gettext tools;
``tests/test_interface_text.py`` fails when they lag behind the .po files, or
when a .po misses, guesses (fuzzy) or leaves empty a message. docs/translation.md ("Interface text").
"""

import contextlib
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import to_locale

# Text in these folders is for staff, developers or machines, in English; the
# admin has Wagtail's own translations. Patterns as makemessages --ignore reads them.
NOT_VISITOR_TEXT = [
    "adminsecurity",
    "editorial",
    "ops",
    "bench",
    "api",
    "seed",
    "pagecache",
    "edgecache",
    "previews/templates",
    # Staff-only screens and messages: the link report, the contact snippet's form,
    # block and page validation, the admin menus (the alert's level shows to visitors, so alerts/models.py stays).
    "linkcheck",
    "contacts/models.py",
    "contacts/wagtail_hooks.py",
    "alerts/wagtail_hooks.py",
    "core/blocks.py",
    "core/pages.py",
    "standardpages/models.py",
    "*/migrations",
    "tests",
    "docs",
    "scripts",
    "varnish",
    "static",
    "staticfiles",
    "media",
    "node_modules",
    "backups",
]


def interface_locales():
    """Locale names ("fr", "zh_Hans") of every configured language but the site's own."""
    own = settings.LANGUAGE_CODE.split("-")[0]
    return [to_locale(code) for code, _name in settings.LANGUAGES if code.split("-")[0] != own]


@contextlib.contextmanager
def in_project_folder(folder=None):
    # makemessages reads the tree below the working directory.
    before = os.getcwd()
    os.chdir(folder or settings.BASE_DIR)
    try:
        yield
    finally:
        os.chdir(before)


def extract(locales, verbosity=1, folder=None):
    """Bring each locale's django.po in locale/ up to date with the code and templates.

    ``folder``: another copy of the project to read and write (the tests use
    one made of links to this one, with its own locale/).
    """
    with in_project_folder(folder):
        call_command(
            "makemessages",
            locale=locales,
            ignore_patterns=NOT_VISITOR_TEXT,
            symlinks=folder is not None,
            no_obsolete=True,
            add_location="file",
            verbosity=verbosity,
        )


def compile_catalogues(locales, verbosity=1):
    with in_project_folder():
        # Only this project's folders: never the installed packages' catalogues in .venv.
        call_command("compilemessages", locale=locales, ignore_patterns=[".*", *NOT_VISITOR_TEXT], verbosity=verbosity)


class Command(BaseCommand):
    help = "Update the interface text's message catalogues (locale/) for every configured language, and compile them."

    def add_arguments(self, parser):
        parser.add_argument("--no-compile", action="store_true", help="Update the .po files only.")

    def handle(self, *args, no_compile=False, verbosity=1, **options):
        locales = interface_locales()
        extract(locales, verbosity)
        if not no_compile:
            compile_catalogues(locales, verbosity)
