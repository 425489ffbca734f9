"""Interface text: every visible string translatable, and every catalogue complete and compiled.

Visitors' text in templates is wrapped in {% translate %} or {% blocktranslate %}
(the first test reads every public template for text outside them); the
catalogues in locale/ hold a real translation of every message for every
configured language, with no fuzzy guesses; the committed .mo files say what the
.po files say. docs/translation.md ("Interface text") says how to update them.
"""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management.utils import is_ignored_path
from django.template.base import Lexer, TokenType
from django.test import override_settings

from core.management.commands.update_interface_text import NOT_VISITOR_TEXT, extract, interface_locales

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
LETTER = re.compile(r"[^\W\d_]")
# Attributes people read or hear; the others (class, href, id…) are code.
READ_ATTRIBUTES = {"aria-label", "aria-description", "aria-roledescription", "alt", "title", "placeholder", "label"}
# {% include … with text="…" %}: a literal handed to a component that shows it.
INCLUDED_TEXT = re.compile(r"""\b(?:text|label|title)=(["'])(.*?)\1""")
# Blocks base.html puts inside an attribute that is code, not text.
CODE_BLOCKS = {"block body_class"}
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
MARKUP = re.compile(r"</?\w+")


def visitor_templates():
    """Every template below the project that is not in a staff-only or tooling folder."""
    for path in sorted(ROOT.rglob("*.html")):
        relative = path.relative_to(ROOT)
        if relative.parts[0].startswith(".") or "templates" not in relative.parts:
            continue
        # makemessages leaves out a folder that matches; so does this.
        if not any(is_ignored_path(str(part), NOT_VISITOR_TEXT) for part in [relative, *relative.parents]):
            yield relative


class VisibleText(HTMLParser):
    """Collects text nodes and read attributes that still hold letters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and LETTER.search(value):
                self.found.append(f'{name}="{value}"')

    def handle_data(self, data):
        if LETTER.search(data):
            self.found.append(data.strip())


def untranslated_text(source):
    """Letters a visitor would read that are outside translate tags, Django comments and variables."""
    markup, found = [], []
    depth = {"blocktranslate": 0, "comment": 0}
    previous = None
    for token in Lexer(source).tokenize():
        if previous is not None and previous.contents in CODE_BLOCKS:
            pass  # a class name given to base.html, not words
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0] if token.contents else ""
            for block in depth:
                if name in (block, block.replace("translate", "trans")):
                    depth[block] += 1
                elif name in (f"end{block}", f"end{block.replace('translate', 'trans')}"):
                    depth[block] -= 1
            if name == "include":
                found += [f"{m.group(0)} in {{% include %}}" for m in INCLUDED_TEXT.finditer(token.contents)]
        elif token.token_type == TokenType.TEXT and not any(depth.values()):
            markup.append(token.contents)
        previous = token
    parser = VisibleText()
    parser.feed("".join(markup))
    parser.close()
    return found + parser.found


@pytest.mark.parametrize("template", list(visitor_templates()), ids=str)
def test_visible_text_in_templates_is_wrapped_for_translation(template):
    text = untranslated_text((ROOT / template).read_text(encoding="utf-8"))
    assert not text, f"{template}: wrap in {{% translate %}} or {{% blocktranslate %}}: {text}"


def test_the_template_check_finds_unwrapped_text():
    # The check above must be able to fail: each kind of text it looks for.
    source = """{% load i18n %}{# a comment #}<h1>Page not found</h1>
<nav aria-label="Main">{% translate "Home" %}</nav>{% include "x.html" with text="Visit us" css_class="a b" %}
{% comment %}Notes for developers{% endcomment %}{% blocktranslate %}Hello {{ name }}{% endblocktranslate %}
{% block body_class %}page-home{% endblock %}<a href="/a-b/" class="c-d">{{ page.title }}</a><span>© – |</span>"""
    assert untranslated_text(source) == ['text="Visit us" in {% include %}', "Page not found", 'aria-label="Main"']


def catalogue(locale):
    return polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))


def message_keys(po):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete}


def test_every_configured_language_has_a_catalogue():
    locales = interface_locales()
    assert {"fr", "de", "zh_Hans"} <= set(locales)
    missing = [locale for locale in locales if not (LOCALE / locale / "LC_MESSAGES" / "django.po").exists()]
    assert not missing, f"no interface catalogue for {missing}: run `make messages` and translate locale/<locale>"


@pytest.mark.parametrize("locale", ["fr", "de", "zh_Hans"])
def test_catalogue_is_fully_translated(locale):
    po = catalogue(locale)
    assert len(po) > 50
    assert not po.fuzzy_entries(), f"{locale}: fuzzy (guessed) entries: {[e.msgid for e in po.fuzzy_entries()]}"
    assert not po.untranslated_entries(), f"{locale}: untranslated: {[e.msgid for e in po.untranslated_entries()]}"
    assert not po.obsolete_entries(), f"{locale}: obsolete entries left in the catalogue"


@pytest.mark.parametrize("locale", ["fr", "de", "zh_Hans"])
def test_translations_keep_placeholders_and_markup(locale):
    wrong = []
    for entry in catalogue(locale):
        sources = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            # A translation may add a tag around a word (a hidden span), never drop one.
            same_placeholders = set(PLACEHOLDER.findall(translation)) == set(PLACEHOLDER.findall(sources[-1]))
            if not same_placeholders or set(MARKUP.findall(translation)) != set(MARKUP.findall(sources[0])):
                wrong.append(translation)
    assert not wrong, f"{locale}: placeholders or tags differ from the English: {wrong}"


@pytest.mark.parametrize("locale", ["fr", "de", "zh_Hans"])
def test_compiled_catalogue_matches_its_po_file(locale):
    po = catalogue(locale)
    mo = polib.mofile(str(LOCALE / locale / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo if e.msgid}
    written = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in po.translated_entries()}
    assert compiled == written, f"locale/{locale}/LC_MESSAGES/django.mo is out of date: run `make messages`"


def require_gettext():
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    message = "GNU gettext (xgettext, msgmerge) is not installed: apt-get install gettext"
    if os.environ.get("CI"):
        pytest.fail(f"{message} (.ci/run installs it)")
    pytest.skip(message)


def test_catalogues_hold_every_message_in_the_code(tmp_path):
    """What `make messages` would extract today is exactly what the committed catalogues hold."""
    require_gettext()
    locales = ["fr", "de", "zh_Hans"]
    # makemessages writes to the locale/ folder in the tree it reads: a copy of
    # the project made of links, with its own locale/, keeps the real one untouched.
    for entry in ROOT.iterdir():
        if entry.name != "locale" and not entry.name.startswith("."):
            (tmp_path / entry.name).symlink_to(entry)
    for locale in locales:
        shutil.copytree(LOCALE / locale, tmp_path / "locale" / locale)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        extract(locales, verbosity=0, folder=tmp_path)
    for locale in locales:
        extracted = polib.pofile(str(tmp_path / "locale" / locale / "LC_MESSAGES" / "django.po"))
        new = sorted(key[1] for key in message_keys(extracted) - message_keys(catalogue(locale)))
        gone = sorted(key[1] for key in message_keys(catalogue(locale)) - message_keys(extracted))
        assert not new, f"{locale}: text in the code with no translation (run `make messages`, translate): {new}"
        assert not gone, f"{locale}: catalogue entries no longer in the code (run `make messages`): {gone}"
