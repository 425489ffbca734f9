from django import template
from django.db import DatabaseError

from contacts.models import Contact
from core import memo

register = template.Library()


def _live_contacts():
    return {contact.pk: contact for contact in Contact.objects.filter(live=True)}


@register.simple_tag
def page_contact(page):
    """The published contact chosen on ``page``, or None (then the site settings' details apply).

    Read from every published contact kept per page-cache generation
    (core.memo), so a page costs no query for it.
    """
    contact_id = getattr(page, "contact_id", None)
    if contact_id is None:
        return None
    try:
        return memo.per_generation("contacts", _live_contacts).get(contact_id)
    except DatabaseError:
        return None
