"""Every page's footer in the visitor's language, with no query per page.

The footers (one per language, ``home.models.Footer``), their links and the
pages they link to are read once per page-cache generation (core/memo.py):
any save of a footer, a link, a page or the site settings starts a new one
(pagecache/signals.py). What each request then does is plain Python:

- the footer in the page's language, else the English one;
- a page link goes to the page's translation in that language where it is
  live, else to the page the editor chose (in English);
- text still in English on another language's page (an untranslated footer,
  or a link text the translator left as it is, such as “Leeds City Council”)
  is marked ``lang="en-GB"``, and a link to an English page ``hreflang="en-GB"``.
"""

import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from wagtail.models import Page

from core import memo, pagetree, seo

from .models import Footer, FooterLink


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    lang: str = ""  # the text's language tag when it is not the page's
    hreflang: str = ""  # the linked page's language tag when it is not the page's


@dataclass(frozen=True)
class FooterText:
    team_name: str
    team_lang: str
    links: list
    lang: str  # set when the whole footer is the English one on another language's page


@dataclass(frozen=True)
class Contact:
    """The site settings' contact details with the footer's team name, as components/contact_details.html wants them."""

    team_name: str
    team_lang: str
    contact_email: str
    phone: str
    postal_address: str

    @property
    def has_contact_details(self):
        return any([self.team_name, self.contact_email, self.phone, self.postal_address])

    @property
    def phone_href(self):
        return re.sub(r"[^\d+]", "", self.phone)


def _load():
    """{"footers": {language code: Footer}, "pages": {(page translation key, language code): url}}."""
    links = Prefetch("links", queryset=FooterLink.objects.select_related("page__locale"))
    footers = {f.locale.language_code: f for f in Footer.objects.select_related("locale").prefetch_related(links)}
    keys = {link.page.translation_key for f in footers.values() for link in f.links.all() if link.page_id}
    # Live and public only: a link to an unpublished or private page (a 404 or a
    # login form) is left out until visitors can open it.
    found = pagetree.public(Page.objects.live().filter(translation_key__in=keys)) if keys else Page.objects.none()
    pages = {(page.translation_key, page.locale.language_code): page.url for page in found.select_related("locale")}
    return {"footers": footers, "pages": pages}


def footer_text(language=None):
    """The footer for ``language`` (the active one by default) as a FooterText, or None when there is none."""
    data = memo.per_generation("footers", _load)
    code = pagetree.content_language(language)
    default = pagetree.content_language(settings.LANGUAGE_CODE)
    english = data["footers"].get(default)
    footer = data["footers"].get(code) or english
    if footer is None:
        return None
    english_tag = "" if code == default else seo.language_tag(settings.LANGUAGE_CODE)
    fallback = english_tag if footer.locale.language_code == default else ""
    same_as_english = _english_texts(english) if english_tag and not fallback else {}
    links = [_link(link, code, data["pages"], english_tag, same_as_english) for link in footer.links.all()]
    links = [link for link in links if link is not None]
    team_lang = english_tag if english is not None and footer.team_name == english.team_name else ""
    return FooterText(footer.team_name, fallback or team_lang, links, fallback)


def _english_texts(english):
    return {link.translation_key: link.text for link in english.links.all()} if english else {}


def _link(link, code, pages, english_tag, same_as_english):
    """The Link visitors of ``code`` follow, or None for a page they cannot open (unpublished or private)."""
    lang = english_tag if same_as_english.get(link.translation_key) == link.text else ""
    if not link.page_id:
        return Link(link.text, link.url, lang)
    href = pages.get((link.page.translation_key, code))
    if href is not None:
        return Link(link.text, href, lang)
    # No live translation: the page the editor chose, whose language may not be the footer's.
    page_code = link.page.locale.language_code
    href = pages.get((link.page.translation_key, page_code))
    if href is None:
        return None
    return Link(link.text, href, lang, seo.language_tag(page_code) if page_code != code else "")


def contact(site_settings, language=None):
    """The site settings' contact details with the team name from the footer in ``language``."""
    text = footer_text(language)
    return Contact(
        team_name=text.team_name if text else "",
        team_lang=text.team_lang if text else "",
        contact_email=site_settings.contact_email,
        phone=site_settings.phone,
        postal_address=site_settings.postal_address,
    )
