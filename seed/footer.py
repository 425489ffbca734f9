"""The English footer (home.Footer) from seed/content/site.yaml, made if missing.

The footer's words used to be site settings; they are a snippet now so that
wagtail-localize can translate them (seed/translations.py does, from
footer.po). A footer that exists is left alone, so editors' wording survives.
"""

from django.conf import settings
from django.core.management.base import CommandError
from wagtail.models import Page

from home.models import Footer, FooterLink
from seed.translations import ensure_locales


def ensure_footer(home, data):
    """The English footer; ``data`` is site.yaml's ``footer`` (team_name, links of text and page or url)."""
    locale = ensure_locales()[settings.LANGUAGE_CODE]
    footer = Footer.objects.filter(locale=locale).first()
    if footer is not None:
        return footer
    footer = Footer(locale=locale, team_name=data.get("team_name", ""))
    footer.links = [_link(home, item, locale) for item in data.get("links", [])]
    footer.save()
    return footer


def _link(home, item, locale):
    page = None
    if item.get("page"):
        # A path under the home page, as in the page's address: "international/eurocities".
        url_path = f"{home.url_path}{item['page'].strip('/')}/"
        page = Page.objects.filter(url_path=url_path).first()
        if page is None:
            raise CommandError(f"The footer link “{item['text']}” names no page at {url_path}.")
    return FooterLink(text=item["text"], page=page, url=item.get("url", ""), locale=locale)
