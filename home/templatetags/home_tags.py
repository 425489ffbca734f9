"""The footer's words and the site's contact details in the page's language (home/footer.py)."""

import logging

from django import template
from django.db import DatabaseError

from home import footer
from home.models import SiteSettings

register = template.Library()
logger = logging.getLogger(__name__)


@register.simple_tag
def site_footer():
    """The footer's team name and links in the active language (else English), or None."""
    try:
        return footer.footer_text()
    except DatabaseError:
        # The 500 page must still render when the database is what failed.
        logger.exception("Could not look up the footer")
        return None


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The site settings' contact details with the footer's team name (components/contact_details.html)."""
    request = context.get("request")
    try:
        return footer.contact(SiteSettings.load(request_or_site=request))
    except DatabaseError:
        logger.exception("Could not look up the contact details")
        return None
