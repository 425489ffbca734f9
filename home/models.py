import re

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core import fixedquery, memo, pagetree
from core.blocks import BodyStreamBlock
from core.fields import HttpsURLField, phone_number
from core.pages import BasePage
from networks.models import InternationalStrategyPage, NetworkPage, in_reading_order

# One home page per language and site: far fewer than this, unless something is wrong.
MAX_KEPT_HOME_PAGES = 200


class HomePage(BasePage):
    heading = models.CharField(
        max_length=150,
        help_text="The main heading visitors see first. Keep it short and plain.",
    )
    introduction = models.TextField(
        max_length=500,
        blank=True,
        help_text="One or two sentences under the heading; also the page's description in search results.",
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text="Anything else the home page should say.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("heading"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        InlinePanel(
            "featured_networks",
            heading="Featured networks",
            label="Featured network",
            help_text="The networks shown as cards on the home page, in this order. "
            "Leave empty to show every published network, in the landing page's order.",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    # Its children in tree order, the main menu's order, rather than Wagtail's "most recently edited first".
    admin_default_ordering = "ord"
    # The home page is the menu's root, not an item in it.
    promote_panels = BasePage.promote_panels_outside_menu
    template = "pages/home_page.html"
    page_description = "The front page of the site. There is only one."

    class Meta:
        verbose_name = "home page"

    summary_field = "introduction"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        strategy_page = self.strategy_page()
        networks = self.network_cards(strategy_page) if strategy_page else []
        # The themes the cards show, in the visitor's language, for the "browse by
        # theme" links: no query of their own.
        themes = {theme.pk: theme for network in networks for theme in network.card_themes}
        context.update(
            strategy_page=strategy_page,
            networks=networks,
            themes=in_reading_order(themes.values()),
        )
        return context

    def strategy_page(self):
        """The live, public landing page below this home page, or None.

        Which page that is, and its row, are kept per cache generation
        (core/memo.py, core/fixedquery.py): publishing, moving or hiding a
        page starts a new one.
        """
        found = memo.kept_map("landing_page_ids", limit=MAX_KEPT_HOME_PAGES)
        if self.path not in found:
            landing = pagetree.public(InternationalStrategyPage.objects.child_of(self).live())
            pk = landing.values_list("pk", flat=True).first()
            found.keep(self.path, pk)
        else:
            pk = found[self.path]
        return None if pk is None else fixedquery.get(InternationalStrategyPage, pk)

    def network_cards(self, strategy_page):
        """The featured networks in editor order or, when none is chosen (or live), the landing page's own cards.

        The cards and the featured list come from what is kept per cache
        generation (``card_networks``, ``FEATURED``): no query of their own,
        however many networks there are.
        """
        networks = strategy_page.card_networks()
        featured = fixedquery.children(self, "featured_networks", FEATURED)
        place = {row.network_id: order for order, row in enumerate(featured)}
        featured = [network for network in networks if network.pk in place]
        if featured:
            return sorted(featured, key=lambda network: place[network.pk])
        return networks


class HomeFeaturedNetwork(Orderable):
    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_networks")
    network = models.ForeignKey(
        NetworkPage,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A network page. Drafts and unpublished pages are not shown until they are published.",
    )

    panels = [FieldPanel("network")]

    class Meta(Orderable.Meta):
        verbose_name = "featured network"

    def __str__(self):
        return str(self.network)


@register_setting(icon="mail")
class SiteSettings(BaseGenericSetting):
    """The team's contact details, edited under Settings by approvers.

    They are the same in every language, so they stay a setting; the words
    visitors read in the footer (the team's name, the footer links) are in the
    translatable ``Footer`` snippet. Every field may stay empty: templates
    render nothing for an empty field rather than a placeholder, so nothing is
    ever invented.
    """

    contact_email = models.EmailField(
        blank=True,
        help_text="A shared team mailbox rather than a person's address, so it survives staff changes.",
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        validators=[phone_number],
        help_text="Written as visitors should dial it, for example 0113 222 4444. Digits, spaces, + and brackets only.",
    )
    postal_address = models.TextField(
        max_length=400,
        blank=True,
        help_text="One part of the address per line, as it would go on an envelope.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("phone"),
                FieldPanel("postal_address"),
            ],
            heading="Contact details",
            help_text="Shown in every page's footer, in every language, and in the contact block on network pages. "
            "Leave empty what you do not want shown. The team's name and the footer links are under "
            "Snippets → Footers, where they can be translated.",
        ),
    ]

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    @property
    def phone_href(self):
        """The number for a tel: link: digits and a leading + only."""
        return re.sub(r"[^\d+]", "", self.phone)


class Footer(TranslatableMixin, ClusterableModel):
    """The words of every page's footer in one language: the team's name and the footer links.

    One per language, translated with wagtail-localize (Snippets → Footers →
    Translate) like the translation notice. A language without its own
    footer shows the English one. Approvers change it, as they do the site
    settings; a save shows on the site at once (pagecache/signals.py).
    """

    team_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The team visitors can contact about this section, for example “International relations team”. "
        "Shown above the contact details in the site settings.",
    )

    panels = [
        FieldPanel("team_name"),
        InlinePanel(
            "links",
            heading="Footer links",
            label="Footer link",
            help_text="Links shown in every page's footer, in this order.",
        ),
    ]

    # A new footer (a translation) or link is on every page of its language at once (edgecache/purge.py).
    shown_when_created = True

    class Meta(TranslatableMixin.Meta):
        verbose_name = "footer"

    def __str__(self):
        return f"Footer ({self.locale.get_display_name()})"

    @classmethod
    def link_check_objects(cls):
        """For the broken-link report (linkcheck/links.py): every footer is on the site (no drafts)."""
        return cls.objects.prefetch_related("links")

    def clean(self):
        super().clean()
        # One per language: a second would never show (home/footer.py shows one).
        if self.locale_id and Footer.objects.filter(locale=self.locale_id).exclude(pk=self.pk).exists():
            raise ValidationError("There is already a footer in this language: change that one instead.")


class FooterLink(TranslatableMixin, Orderable):
    """One footer link. Its text is translated; the page or address is the same in every language.

    A page link names the English page; each language's footer shows that
    page's own translation where it is live (home/footer.py).
    """

    footer = ParentalKey(Footer, on_delete=models.CASCADE, related_name="links")
    text = models.CharField(
        max_length=80,
        help_text="Say where the link goes, for example “Leeds City Council”. Avoid “click here”.",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A page on this site (each language's footer links to the page in its own language where there is one)…",
    )
    url = HttpsURLField(
        "web address",
        blank=True,
        help_text="…or a web address on another site, starting with https://.",
    )

    panels = [FieldPanel("text"), FieldPanel("page"), FieldPanel("url")]
    # Only the text is for translators: the link goes to the same place in every language.
    translatable_fields = [
        TranslatableField("text"),
        SynchronizedField("page", overridable=False),
        SynchronizedField("url", overridable=False),
    ]

    shown_when_created = True

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = "footer link"

    def __str__(self):
        return self.text

    def clean(self):
        super().clean()
        if bool(self.page_id) == bool(self.url):
            raise ValidationError({"url": "Choose a page on this site or enter a web address, not both."})


# The home page's featured list, compiled once per process and kept per cache generation (core/fixedquery.py).
FEATURED = fixedquery.FixedQuery(lambda home_id: HomeFeaturedNetwork.objects.filter(home_id=home_id), keep=True)
