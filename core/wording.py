"""Names set inside a sentence of interface text, as each language writes them."""

from django.utils.translation import get_language

# Languages that capitalise common nouns, so a theme's name ("Climate") keeps
# its capital inside a sentence: German writes "zum Thema Klima", English
# "working on climate". Languages without letter case are unchanged either way.
KEEP_CAPITALS = {"de"}


def in_sentence(name):
    """A theme's name as it reads in the middle of a sentence in the active language."""
    language = (get_language() or "").split("-")[0]
    return name if language in KEEP_CAPITALS else name.lower()
