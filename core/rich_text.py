"""Rich text links and embeds with ids that are not numbers: refused on save, harmless on render.

Draftail stores whatever id its entity data holds (``<a linktype="page"
id="abc">``), and Wagtail's handlers then pass it to the database, which
raises ValueError while the page renders: one bad link takes a page down.
The validator refuses such text when an editor saves it, naming the link; the
handlers below render one already stored as a link with no address (Wagtail's
own rendering of a link to a deleted page), so the page still works. The
handlers live in core/rich_text_handlers.py: they import models, and this
module is imported by the blocks, before models are ready.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from wagtail.rich_text.rewriters import FIND_A_TAG, FIND_EMBED_TAG, extract_attrs

# A database id: digits only, and small enough for a 64-bit column.
VALID_ID = re.compile(r"[0-9]{1,18}")
LINK_KINDS = {"page": "a page", "document": "a document"}
EMBED_KINDS = {"image": "an image"}
# <a ...>text</a>, to name the link by its text in the message.
LINK_WITH_TEXT = re.compile(r"<a(\b[^>]*)>(.*?)</a>", re.DOTALL)


def valid_id(value):
    return bool(VALID_ID.fullmatch(str(value or "")))


def link_problems(html):
    """What is wrong with each link or embed in stored rich text, in words an editor can act on."""
    problems = []
    links = {match.group(1): strip_tags(match.group(2)).strip() for match in LINK_WITH_TEXT.finditer(html)}
    for match in FIND_A_TAG.finditer(html):
        attrs = extract_attrs(match.group(1))
        kind = attrs.get("linktype")
        if kind is None:
            continue  # an ordinary web, email or anchor link
        name = f"The link “{links.get(match.group(1)) or 'without text'}”"
        if kind not in LINK_KINDS:
            problems.append(f"{name} is of an unknown kind (“{kind}”). Remove it and add the link again.")
        elif not valid_id(attrs.get("id")):
            problems.append(
                f"{name} points to {LINK_KINDS[kind]} that cannot be found (its id “{attrs.get('id', '')}” "
                "is not a number). Select the link, remove it and choose the page again."
            )
    for match in FIND_EMBED_TAG.finditer(html):
        attrs = extract_attrs(match.group(1))
        kind = attrs.get("embedtype")
        if kind not in EMBED_KINDS or not valid_id(attrs.get("id")):
            problems.append(f"An embedded item (“{kind or 'unknown'}”) cannot be shown here. Remove it.")
    return problems


def validate_rich_text_links(html):
    problems = link_problems(str(html or ""))
    if problems:
        raise ValidationError(problems)
