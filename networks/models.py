import re
import unicodedata
from urllib.parse import quote

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, slug_re
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from django.utils.text import slugify
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core import fixedquery, pagetree
from core.api import NamesField, PageCardsField, RenditionField, StreamHTMLField, TranslationsField
from core.blocks import BodyStreamBlock
from core.fields import HttpsURLField
from core.localized import InLanguage
from core.pages import BasePage, ContactChoiceMixin
from core.widgets import CharacterCountTextarea
from editorial.review import ReviewDateMixin
from pagecache.params import cache_by

from . import related
from .forms import NetworkPageForm, logo_problem


class Theme(TranslatableMixin, index.Indexed, models.Model):
    """A subject networks work on (climate, culture…), chosen on network pages.

    Translated like any other snippet (wagtail-localize). Pages link the English
    themes only, and visitors read each in the page's language (``shown``,
    core/localized.py); the slug is the same in every language, so ``?theme=climate``
    works on /fr/ too.
    """

    name = models.CharField(max_length=80, help_text="Shown on network cards and in the filter.")
    slug = models.SlugField(
        max_length=80,
        help_text="Used in the filter's web address, for example ?theme=climate. Lower case, no spaces.",
    )
    description = models.CharField(
        max_length=250,
        blank=True,
        help_text="Optional one-sentence explanation, shown when visitors filter by this theme.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("locale")]
    # Translations keep the English slug: the filter's address is the same in every language.
    override_translatable_fields = [SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        # Unique within a language: "Culture" is the French and the English name.
        unique_together = [("translation_key", "locale"), ("name", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        """Django leaves out the per-language checks when the form has no locale field: made here."""
        super().validate_unique(exclude)
        if self.locale_id is None:
            return
        others = Theme.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
        errors = {}
        for field in ("name", "slug"):
            value = getattr(self, field)
            if field not in (exclude or ()) and value and others.filter(**{field: value}).exists():
                errors[field] = f"A theme in this language already has this {field}."
        if errors:
            raise ValidationError(errors)

    # Set for visitors by core.localized.InLanguage: the row they read (this
    # theme's translation, or itself) and, when that is English on a page in
    # another language, "en-GB" for its lang attribute.
    shown_lang = ""

    @property
    def shown(self):
        return self.__dict__.get("_shown", self)

    @shown.setter
    def shown(self, row):
        self.__dict__["_shown"] = row

    @classmethod
    def in_default_language(cls):
        """The themes of the default language: the ones pages link."""
        return cls.objects.filter(locale__language_code=pagetree.content_language(settings.LANGUAGE_CODE))


def in_reading_order(themes, shown=None):
    """``themes``, each shown in the visitor's language, ordered by the names visitors read.

    ``shown`` is an ``InLanguage(Theme)`` to reuse (one per request saves
    looking the translations up again). Accents and case do not move a name
    ("Éducation" sorts with the E's).
    """
    shown = shown or InLanguage(Theme)
    return sorted((shown.show(theme) for theme in themes), key=_name_order)


def _name_order(theme):
    name = theme.shown.name
    letters = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return letters.casefold(), name, theme.pk


class InternationalStrategyPage(ReviewDateMixin, BasePage):
    introduction = models.TextField(
        max_length=500,
        help_text="One or two sentences that open the page; also its description in search results.",
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text="The strategy itself. The network cards follow this text; "
        "order them by dragging the network pages in the page tree.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("introduction", required_on_save=True),
        FieldPanel("body"),
    ]
    settings_panels = BasePage.settings_panels + ReviewDateMixin.review_panels
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    # The content API (/api/v2/, docs/api.md): the networks in card order.
    api_fields = [
        APIField("introduction"),
        APIField("body", serializer=StreamHTMLField()),
        APIField(
            "networks",
            serializer=PageCardsField(card_fields=("summary", "organisation", "leeds_role", "website", "themes")),
        ),
        APIField("translations", serializer=TranslationsField()),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["networks.NetworkPage"]
    max_count = 1
    # The admin lists network pages in tree order, the order of the cards on this
    # page, rather than Wagtail's "most recently edited first" ("ord" is its tree order).
    admin_default_ordering = "ord"
    template = "pages/international_strategy_page.html"
    page_description = "The international strategy landing page. It lists every published network page below it."
    # Where search sends people who found nothing (search.views.browse_page), without naming this model.
    browse_from_here = True

    class Meta:
        verbose_name = "international strategy page"

    summary_field = "introduction"

    def networks(self):
        """Live, public network pages in page-tree order, with everything a card needs.

        The query count is fixed however many networks or themes there are.
        """
        return NetworkPage.for_cards(pagetree.public(NetworkPage.objects.child_of(self).live()).order_by("path"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Every network with its themes from what is kept per cache generation
        # (networks/related.py); the filter's themes and the filtered list are
        # worked out from them, not queried again.
        networks = self.card_networks()
        themes = {theme.pk: theme for network in networks for theme in network.card_themes}
        themes = in_reading_order(themes.values())
        selected_theme, unknown_theme = self.selected_theme(request, themes)
        if selected_theme:
            networks = [n for n in networks if any(t.pk == selected_theme.pk for t in n.card_themes)]
            # One cached copy per real theme; made-up slugs are not kept.
            cache_by(request, theme=selected_theme.slug)
        context.update(
            networks=networks,
            themes=themes,
            selected_theme=selected_theme,
            unknown_theme=unknown_theme,
            theme_table=None if selected_theme else self.theme_table(networks, themes),
        )
        return context

    def card_networks(self):
        """``networks()`` as cards show them, each with ``card_themes`` in the visitor's language, without a query.

        From the cards and theme links kept per cache generation (networks/related.py).
        """
        shown = InLanguage(Theme)
        networks = related.cards_below(self.locale_id, self)
        for network in networks:
            network.card_themes = in_reading_order(related.themes(related.theme_pks(self.locale_id, network.pk)), shown)
        return networks

    @staticmethod
    def theme_table(networks, themes):
        """[(network, [True if it works on the theme, … one per theme in ``themes``]), …] for the themes diagram.

        Worked out from the cards' themes: no query of its own.
        """
        rows = []
        for network in networks:
            own = {theme.pk for theme in network.card_themes}
            rows.append((network, [theme.pk in own for theme in themes]))
        return rows

    @staticmethod
    def selected_theme(request, themes):
        """(the theme asked for in ?theme=, whether it was asked for but does not exist)."""
        theme_slug = request.GET.get("theme", "").strip()
        if not theme_slug:
            return None, False
        found = next((theme for theme in themes if theme.slug == theme_slug), None)
        # Only a slug can name a theme; anything else (a NUL byte, which
        # PostgreSQL refuses outright) is simply an unknown theme. A theme no
        # network uses yet is looked up, and shows an empty list.
        if found is None and slug_re.match(theme_slug[:80]):
            found = Theme.in_default_language().filter(slug=theme_slug[:80]).first()
            found = in_reading_order([found])[0] if found else None
        return found, found is None


class NetworkPage(ReviewDateMixin, ContactChoiceMixin, BasePage):
    summary = models.CharField(
        max_length=250,
        help_text="What the network is, in one or two sentences (at most 250 characters). "
        "Shown on the network's card and in search results.",
    )
    # Not blank: drafts may be empty (Wagtail defers required fields on save),
    # but a network page cannot be published or submitted without a body.
    body = StreamField(
        BodyStreamBlock(),
        help_text="The full description: what the network does and how Leeds takes part.",
    )
    website = HttpsURLField(
        blank=True,
        help_text="The network's own website. Must start with https://.",
    )
    organisation = models.CharField(
        "coordinating or supporting organisation",
        max_length=150,
        blank=True,
        help_text="The body that runs or supports the network, for example Council of Europe, UN-Habitat or OECD.",
    )
    leeds_role = models.CharField(
        "Leeds's role",
        max_length=250,
        blank=True,
        help_text="Any particular role Leeds holds, for example “Chair of the Children and Young People working group”.",
    )
    themes = ParentalManyToManyField(
        Theme,
        blank=True,
        related_name="network_pages",
        help_text="The subjects this network works on. Visitors can filter the networks by theme.",
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional. The network's logo, shown beside the network's name on its page.",
    )
    # A logo is one image use like any other: it needs alt text or an explicit
    # "decorative", checked when publishing (see forms.NetworkPageForm).
    logo_alt_text = models.CharField(
        "logo alt text",
        max_length=250,
        blank=True,
        help_text="What the logo says or shows, for people who cannot see it, for example “Eurocities logo”.",
    )
    logo_decorative = models.BooleanField(
        "logo is decorative",
        default=False,
        help_text="Tick if the logo only repeats the network's name, which is already in the heading beside it. "
        "Screen readers will then skip it.",
    )
    year_joined = models.PositiveSmallIntegerField(
        "year Leeds joined",
        null=True,
        blank=True,
        validators=[MinValueValidator(1900), MaxValueValidator(2100)],
        help_text="Optional. Leave empty if not known.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("summary", required_on_save=True, widget=CharacterCountTextarea(max_length=250)),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("website"),
                FieldPanel("organisation"),
                FieldPanel("leeds_role"),
                FieldRowPanel([FieldPanel("year_joined")]),
                FieldPanel("logo"),
                FieldPanel("logo_alt_text"),
                FieldPanel("logo_decorative"),
            ],
            heading="About the network",
        ),
        InlinePanel(
            "local_partners",
            heading="Local partners",
            label="Local partner",
            help_text="Organisations in Leeds that work with the council in this network.",
        ),
        InlinePanel(
            "key_facts",
            heading="Key facts",
            label="Key fact",
            help_text="Short label and value pairs, for example “Member cities” and “190”.",
        ),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        *ContactChoiceMixin.contact_panels,
    ]
    settings_panels = BasePage.settings_panels + ReviewDateMixin.review_panels
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("organisation"),
        # The admin's page search matches on autocomplete fields only; these let
        # editors find a network by words from its summary or body.
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
    ]

    # The content API (/api/v2/, docs/api.md). The logo is a resized copy, never the upload.
    api_fields = [
        APIField("summary"),
        APIField("body", serializer=StreamHTMLField()),
        APIField("website"),
        APIField("organisation"),
        APIField("leeds_role"),
        APIField("year_joined"),
        APIField("local_partners"),
        APIField("key_facts"),
        APIField("themes", serializer=NamesField()),
        APIField("logo", serializer=RenditionField("max-400x400", image_attr="logo", alt_attr="logo_alt")),
        APIField("translations", serializer=TranslationsField()),
    ]

    parent_page_types = ["networks.InternationalStrategyPage"]
    subpage_types = []
    base_form_class = NetworkPageForm
    promote_panels = BasePage.promote_panels_outside_menu
    template = "pages/network_page.html"
    page_description = "One international network Leeds belongs to. Add these under the international strategy page."

    class Meta:
        verbose_name = "network page"

    summary_field = "summary"
    # How many related networks (sharing a theme) the foot of a network page shows.
    RELATED_LIMIT = 3

    @staticmethod
    def for_cards(queryset):
        """``queryset`` with everything a card shows (themes, logo and its renditions) in a fixed number of queries."""
        return queryset.select_related("logo").prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            "logo__renditions",
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        themes, related = self.themes_and_related(preview=getattr(request, "is_preview", False))
        if themes:
            # Each theme links the landing page filtered by it (written here: cheaper than a template tag per theme).
            landing_url = pagetree.page_url(self.get_parent(), request) or ""
            for theme in themes:
                theme.filter_url = f"{landing_url}?theme={quote(theme.slug)}"
        context.update(
            themes=themes,
            related_networks=related,
            key_facts=fixedquery.children(self, "key_facts", KEY_FACTS),
            local_partners=fixedquery.children(self, "local_partners", LOCAL_PARTNERS),
        )
        return context

    def themes_and_related(self, preview=False):
        """(this page's themes, up to RELATED_LIMIT live, public networks in its language sharing most of them).

        Worked out from the theme links and cards kept per cache generation
        (networks/related.py): no query, however many networks there are, once
        a page of the generation has read them. A draft in preview shows the
        themes its editor just chose, not the saved ones; a page the kept links
        do not hold (a private one) reads its own.
        """
        links = related.theme_links(self.locale_id)
        own = related.themes(links[self.pk][1]) if self.pk in links and not preview else list(self.themes.all())
        shown = InLanguage(Theme)
        return in_reading_order(own, shown), self.related_networks(own, shown)

    def related_networks(self, own, shown):
        """Up to RELATED_LIMIT other networks sharing most of ``own``, each with the shared themes as its card's."""
        # Only this page's own language: its translations share its themes and would be its closest match.
        picked = related.most_shared(self.locale_id, self.pk, [theme.pk for theme in own], self.RELATED_LIMIT)
        if not picked:
            return []
        networks = related.cards(self.locale_id, [pk for pk, _ in picked])
        shared = dict(picked)
        for network in networks:
            network.card_themes = in_reading_order(related.themes(shared[network.pk]), shown)
        return networks

    @cached_property
    def card_themes(self):
        """The themes a card lists, in the visitor's language: all of them (prefetched), or only those shared
        with another page (related networks)."""
        return in_reading_order(self.themes.all())

    @property
    def monogram(self):
        """Up to two capitals from the title's significant words, for the drawn stand-in when there is no logo."""
        words = [w for w in re.findall(r"[^\W\d_]+", self.title) if w[0].isupper()] or self.title.split()
        return "".join(w[0] for w in words[:2]).upper()

    def publishing_problems(self):
        problems = super().publishing_problems()
        logo = logo_problem(self.logo, self.logo_alt_text, self.logo_decorative)
        return [*problems, logo] if logo else problems

    @property
    def logo_alt(self):
        """The logo's alt attribute: empty when decorative, so screen readers skip it."""
        return "" if self.logo_decorative else self.logo_alt_text


# Key facts and local partners are translatable (issue 11): each translated page
# has its own copies, in its locale, sharing the English ones' translation_key,
# so their text (a fact's label and value, a partner's name) is translated with
# the page's other strings in wagtail-localize; a partner's website is kept in
# step with the English page. networks/migrations/0008 gave the rows made
# before their locale and key.


class NetworkKeyFact(TranslatableMixin, Orderable):
    page = ParentalKey(NetworkPage, on_delete=models.CASCADE, related_name="key_facts")
    label = models.CharField(max_length=80, help_text="For example “Member cities”.")
    value = models.CharField(max_length=80, help_text="For example “190”.")

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("value")])]
    api_fields = [APIField("label"), APIField("value")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return f"{self.label}: {self.value}"


class NetworkLocalPartner(TranslatableMixin, Orderable):
    page = ParentalKey(NetworkPage, on_delete=models.CASCADE, related_name="local_partners")
    name = models.CharField(max_length=150, help_text="For example “University of Leeds”.")
    url = HttpsURLField(
        "website",
        blank=True,
        help_text="Optional. The partner's website, starting with https://.",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("url")])]
    api_fields = [APIField("name"), APIField("url")]

    class Meta(TranslatableMixin.Meta):
        ordering = ["sort_order"]

    def __str__(self):
        return self.name


# A network page's own rows, in one query each, compiled once per process and
# kept per cache generation (core/fixedquery.py).
KEY_FACTS = fixedquery.FixedQuery(lambda page_id: NetworkKeyFact.objects.filter(page_id=page_id), keep=True)
LOCAL_PARTNERS = fixedquery.FixedQuery(lambda page_id: NetworkLocalPartner.objects.filter(page_id=page_id), keep=True)
