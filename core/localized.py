"""Translatable snippets that pages link (themes), as visitors of one language read them (issue 11).

A page links the English rows: wagtail-localize copies a page's many-to-many
links to its translations as they are, so the French network page still points
at the English "Climate". What a visitor of /fr/ reads is that row's French
translation (the row of the same ``translation_key`` in the French locale), or,
where nobody has translated it yet, the English row, marked as English
(``lang``) for screen readers.

Every translation of every row of a model is read in one query and kept per
page-cache generation (core/memo.py): saving a snippet, which a translation
does, starts a new generation. So showing them costs a page no query.
"""

from django.conf import settings

from . import memo, pagetree, seo


def _translations(model):
    """{language code: {translation_key: row}} for every row of ``model`` not in the default language."""
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    found = {}
    for row in model.objects.exclude(locale__language_code=default).select_related("locale"):
        found.setdefault(row.locale.language_code, {})[row.translation_key] = row
    return found


class InLanguage:
    """Rows of ``model`` shown in ``language`` (the active one by default).

    ``show(row)`` sets ``row.shown`` to the row visitors read (its translation,
    or itself) and ``row.shown_lang`` to the language tag to mark it with: the
    default language's when it is shown untranslated on a page in another
    language, else "".
    """

    def __init__(self, model, language=None):
        code = pagetree.content_language(language)
        if code == pagetree.content_language(settings.LANGUAGE_CODE):
            self.translations, self.fallback_lang = {}, ""
        else:
            every = memo.per_generation(f"translations:{model._meta.label_lower}", lambda: _translations(model))
            self.translations = every.get(code, {})
            self.fallback_lang = seo.language_tag(settings.LANGUAGE_CODE)

    def show(self, row):
        translated = self.translations.get(row.translation_key)
        row.shown = translated or row
        row.shown_lang = "" if translated else self.fallback_lang
        return row
