"""The footer's words and the site's contact details in the page's language (home/footer.py)."""

import logging

from django import template
from django.db import DatabaseError

from core import memo
from home import footer
from home.models import SiteSettings

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer's team name and links in the active language (else English), or None."""
    try:
        return footer.footer_text()
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer")
        memo.mark_incomplete(context.get("request"))
        return None


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The site settings' contact details with the footer's team name (components/contact_details.html)."""
    try:
        # The same for every page: kept per cache generation (saving the settings starts a new one).
        return footer.contact(memo.per_generation("site_settings", SiteSettings.load))
    except DatabaseError:
        logger.exception("Could not look up the contact details")
        memo.mark_incomplete(context.get("request"))
        return None
