"""Build the site's initial content from seed/content/site.yaml.

Safe to run on every start: it creates only what is missing and never touches
a page that already exists, so an editor's changes survive. ``--reset``
deletes the home page and everything under it, then rebuilds from the file.
"""

from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.html import escape
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from core.site_url import apply_site_url
from editorial.roles import ensure_editorial_setup
from home.models import Footer, HomeFeaturedNetwork, HomePage
from networks.models import (
    InternationalStrategyPage,
    NetworkKeyFact,
    NetworkLocalPartner,
    NetworkPage,
    Theme,
)
from seed.footer import ensure_footer
from seed.support_pages import ensure_support_pages
from seed.translations import ensure_translation_notice, seed_translations

CONTENT_FILE = Path(__file__).resolve().parents[2] / "content" / "site.yaml"


def load_content(path=CONTENT_FILE):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def paragraphs_to_stream(paragraphs):
    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in paragraphs or []]


def without_summary(paragraphs, summary):
    """The source paragraphs with the summary's words taken out, so the page does not say them twice.

    The summary must be the source's own words (a whole paragraph or a sentence of one).
    """
    if not any(summary in paragraph for paragraph in paragraphs):
        raise CommandError(f"The summary “{summary}” is not words from the network's source paragraphs.")
    rest = [" ".join(paragraph.replace(summary, "").split()) for paragraph in paragraphs]
    return [paragraph for paragraph in rest if paragraph]


class Command(BaseCommand):
    help = "Create the initial site content (home, international strategy and network pages) where missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing home page and all pages under it, then rebuild from the content file.",
        )
        parser.add_argument(
            "--without-translations",
            action="store_true",
            help="English pages only: no French, German or Chinese versions (tests that need only English).",
        )

    @transaction.atomic
    def handle(self, *args, reset=False, without_translations=False, **options):
        content = load_content()
        self.created = []
        if reset:
            for home in HomePage.objects.all():
                Page.objects.get(pk=home.pk).delete()
            # Rebuilt from the file with the pages its links name (every language's).
            Footer.objects.all().delete()
            self.stdout.write("Deleted the existing site content.")

        themes = self.ensure_themes(content["themes"])
        home = self.ensure_home(content["home"])
        # New sites show the landing page in the main menu; on existing ones editors tick "Show in menus".
        strategy = self.ensure_child(home, InternationalStrategyPage, content["strategy"], show_in_menus=True)
        for network in content["networks"]:
            self.ensure_network(strategy, network, themes)
        self.feature_networks(home, content["home"].get("featured_networks", []))
        # The report form and the accessibility, cookies and privacy pages.
        ensure_support_pages(home, content["support"], self.publish_new)
        # The team's name and the footer links (Snippets → Footers); contact details stay site settings.
        footer = ensure_footer(home, content["footer"])
        # The communications groups' permissions and approval workflow cover the
        # home page and so every page under it: the landing and network pages, the
        # legal pages and report form, and new information pages editors add
        # (creates only what is missing; older sites also had them page by page).
        ensure_editorial_setup(section_page_ids=[home.pk])
        # French, German and Simplified Chinese versions through wagtail-localize (seed/translations.py).
        if not without_translations:
            self.translate(home, strategy, content["networks"], footer, themes.values())

        if self.created:
            # Pages and, once translated, snippets (themes, the footer, the notice): not only pages.
            self.stdout.write(self.style.SUCCESS(f"Created {len(self.created)}: {', '.join(self.created)}."))
        else:
            self.stdout.write("Content already in place; nothing changed.")

    def translate(self, home, strategy, network_data, footer, themes):
        slugs = [item["slug"] for item in network_data]
        networks = sorted(NetworkPage.objects.child_of(strategy).filter(slug__in=slugs), key=lambda p: p.path)
        made = seed_translations(
            [home, strategy, *networks],
            [ensure_translation_notice(), footer, *themes],
            lambda line: self.stdout.write(self.style.WARNING(line)),
        )
        if made:
            self.created.extend(made)
            self.stdout.write(self.style.SUCCESS(f"Translated {len(made)}: {', '.join(made)}."))

    def ensure_themes(self, theme_data):
        """The English themes (the ones pages link), made where missing; their translations come with the pages'."""
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        themes = {}
        for item in theme_data:
            theme, _ = Theme.in_default_language().get_or_create(slug=item["slug"], defaults={"name": item["name"]})
            themes[theme.slug] = theme
        return themes

    def ensure_home(self, data):
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        # The English home page: the translated ones are its siblings.
        home = HomePage.objects.filter(locale__language_code=default).first()
        self.new_home = home is None
        if home is None:
            # Wagtail's migrations make the locale and root page; a flushed
            # database (as in browser tests) has neither.
            Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
            root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
            # Wagtail's first migration makes a placeholder "Welcome" page at
            # the site root; it would clash with our home page's slug.
            for placeholder in root.get_children().filter(slug=data["slug"]):
                placeholder.delete()
            home = HomePage(
                title=data["title"],
                slug=data["slug"],
                heading=data["heading"],
                introduction=data.get("introduction", ""),
                body=paragraphs_to_stream(data.get("paragraphs")),
            )
            self.publish_new(root, home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
        elif site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        apply_site_url()  # SITE_URL's host name and port, and the site's name
        return home

    def ensure_child(self, parent, page_class, data, **extra):
        existing = page_class.objects.child_of(parent).filter(slug=data["slug"]).first()
        if existing:
            return existing
        page = page_class(
            title=data["title"],
            slug=data["slug"],
            seo_title=data.get("seo_title", ""),
            introduction=data.get("introduction", ""),
            body=paragraphs_to_stream(data.get("paragraphs")),
            **extra,
        )
        return self.publish_new(parent, page)

    def ensure_network(self, strategy, data, themes):
        if NetworkPage.objects.child_of(strategy).filter(slug=data["slug"]).exists():
            return
        summary = data["summary"].strip()
        page = NetworkPage(
            title=data["title"],
            slug=data["slug"],
            summary=summary,
            body=paragraphs_to_stream(without_summary(data["paragraphs"], summary)),
            website=data.get("website", ""),
            organisation=data.get("organisation", ""),
            leeds_role=data.get("leeds_role", ""),
            year_joined=data.get("year_joined"),
            key_facts=[NetworkKeyFact(label=f["label"], value=str(f["value"])) for f in data.get("key_facts", [])],
            local_partners=[NetworkLocalPartner(name=name) for name in data.get("local_partners", [])],
        )
        page.themes = [themes[slug] for slug in data.get("themes", [])]
        self.publish_new(strategy, page)

    def feature_networks(self, home, slugs):
        """Choose the home page's cards on a new home page only; an editor's choice (even none) is left alone."""
        if not self.new_home or not slugs:
            return
        networks = {page.slug: page for page in NetworkPage.objects.filter(slug__in=slugs)}
        home.featured_networks = [
            HomeFeaturedNetwork(network=networks[slug], sort_order=order) for order, slug in enumerate(slugs)
        ]
        # Through a revision, as an editor would, so the live page and its latest revision agree.
        home.save_revision().publish()

    def publish_new(self, parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(page.title)
        return page
