"""The seeded pages in French, German and Simplified Chinese, made through wagtail-localize (issue 11).

For each language with a folder under ``seed/content/translations/`` and a
site language of that code, each page given (home, landing, networks) and the
translation notice snippet are translated as an editor would: a
``TranslationSource`` for the English page, a ``Translation`` into the
language, its PO file exported, filled in from the shipped PO files and
imported back, then ``save_target`` publishes the translated page.

The shipped PO files are matched by English text (``msgid``), with the field
name (``msgctxt``) preferred where a file gives one: the contexts wagtail-localize
gives body paragraphs hold block ids that change with every seed. A string
with no translation falls back to its English text and is reported, so the
seed still works while the English seed content changes.

Like the rest of ``seed_content`` it only creates what is missing: a page or
notice already translated into a language is left alone, so translators'
changes survive and running it twice changes nothing.
"""

from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource

from core.models import TranslationNotice

TRANSLATIONS_DIR = Path(__file__).resolve().parent / "content" / "translations"
# Fields whose text stays as it is in English unless a PO file says otherwise:
# addresses are the same in every language but for the language's prefix.
KEEP_ENGLISH = {"slug"}


@dataclass
class Catalogue:
    """The shipped translations of one language: by (field, English) and by English alone."""

    by_context: dict = field(default_factory=dict)
    by_text: dict = field(default_factory=dict)

    @classmethod
    def load(cls, folder):
        catalogue = cls()
        for path in sorted(folder.glob("*.po")):
            for entry in polib.pofile(str(path)):
                if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                    catalogue.by_context[(entry.msgctxt, entry.msgid)] = entry.msgstr
                    catalogue.by_text.setdefault(entry.msgid, entry.msgstr)
        return catalogue

    def get(self, context, text):
        found = self.by_context.get((context, text))
        if context in KEEP_ENGLISH:
            return found or text
        return found or self.by_text.get(text)


# The English notice; its translations are in the PO files (translation-notice.po).
NOTICE = {
    "text": "This page was translated from English; the English version is authoritative.",
    "link_text": "Read this page in English",
}


def ensure_translation_notice():
    """The English translation notice, made if missing (editors' wording is kept)."""
    locale = ensure_locales()[settings.LANGUAGE_CODE]
    notice = TranslationNotice.objects.filter(locale=locale).first()
    return notice or TranslationNotice.objects.create(locale=locale, **NOTICE)


def ensure_locales():
    """A Wagtail locale for every site language (settings.LANGUAGES); existing ones are kept."""
    locales = {}
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        locales[code], _ = Locale.objects.get_or_create(language_code=get_supported_content_language_variant(code))
    return locales


def shipped_languages():
    """Site languages, other than the default, with a folder of PO files."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return [
        code
        for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES
        if code != default and (TRANSLATIONS_DIR / code).is_dir()
    ]


def fill_po(translation, catalogue):
    """The translation's PO file with each string the catalogue knows; the English texts it does not know."""
    po = translation.export_po()
    missing = []
    for entry in po:
        text = catalogue.get(entry.msgctxt.split(".")[0] if entry.msgctxt else None, entry.msgid)
        if text:
            entry.msgstr = text
        else:
            missing.append(entry.msgid)
    return po, missing


def translate(instance, locale, catalogue):
    """Translate ``instance`` (an English page or snippet) into ``locale`` and publish it; the strings left in English.

    None if it already has a translation in that language.
    """
    if instance.has_translation(locale):
        return None
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(source=source, target_locale=locale)
    po, missing = fill_po(translation, catalogue)
    translation.import_po(po, tool_name="seed_content")
    # Strings with no translation fall back to English (wagtail-localize's fallback).
    if isinstance(instance, Page):
        # A draft, published here and now: save_target(publish=True) would
        # publish only when the outermost transaction commits.
        translation.save_target(publish=False)
        translation.get_target_instance().get_latest_revision().publish()
    else:
        translation.save_target(publish=True)
    return missing


def seed_translations(pages, snippets, write):
    """Translate ``pages`` (parents first) and ``snippets`` into every shipped language; ``write`` reports."""
    locales = ensure_locales()
    made = []
    for code in shipped_languages():
        catalogue = Catalogue.load(TRANSLATIONS_DIR / code)
        for instance in [*pages, *snippets]:
            missing = translate(instance, locales[code], catalogue)
            if missing is None:
                continue
            made.append(f"{instance} ({code})")
            for text in missing:
                write(f"No {code} translation in seed/content/translations/{code}/ for “{text}”: left in English.")
    return made
