import copy

from django import template
from django.conf import settings
from django.db import DatabaseError
from wagtail.models import get_page_models

from contacts.models import Contact
from core import memo, pagetree, seo
from core.pages import ContactChoiceMixin

register = template.Library()


def _read():
    """Published contacts by pk and by (translation key, language), and each English page's chosen contact.

    Read once per page-cache generation (core.memo): a page costs no query for its contact.
    """
    live = list(Contact.objects.filter(live=True).select_related("locale"))
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    chosen = {}
    for model in get_page_models():
        if issubclass(model, ContactChoiceMixin) and not model._meta.abstract:
            english = model.objects.filter(locale__language_code=default, contact__isnull=False)
            chosen.update(english.values_list("translation_key", "contact_id"))
    return {
        "by_pk": {contact.pk: contact for contact in live},
        "by_key": {(contact.translation_key, contact.locale.language_code): contact for contact in live},
        "english_choice": chosen,
        "default": default,
    }


@register.simple_tag
def page_contact(page):
    """The published contact for ``page``, or None (then the site settings' details apply).

    On a page in another language, the contact its English page chose decides
    (wagtail-localize cannot carry a choice to a translation before the contact
    is translated, and skips it silently): shown in the page's language where
    that contact has a published translation, else in English with
    ``team_lang`` set for the team's name. A page with no English version (or
    whose English page chose none) shows its own choice.
    """
    try:
        data = memo.per_generation("contacts", _read)
    except DatabaseError:
        return None
    own = data["by_pk"].get(getattr(page, "contact_id", None))
    code = pagetree.content_language()
    english_id = data["english_choice"].get(getattr(page, "translation_key", None))
    if code == data["default"] or english_id is None:
        return own
    english = data["by_pk"].get(english_id)
    if english is None:
        # Unpublished: shown in no language, whatever a translation still points at.
        return None
    translated = data["by_key"].get((english.translation_key, code))
    if translated is not None:
        return translated
    # A copy: the rows read are shared by every request in this process until the next change.
    shown = copy.copy(english)
    shown.team_lang = seo.language_tag(settings.LANGUAGE_CODE)
    return shown
