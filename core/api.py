"""Serializer fields the content API (api/) uses for the page types' ``api_fields``.

They live here, below every app, because page models name them in their
``api_fields`` and the API app sits above the models. Each one shows only
what the public page itself shows.
"""

from rest_framework.fields import Field
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import TranslatableMixin

from .localized import InLanguage


class StreamHTMLField(Field):
    """A body StreamField as the HTML the public page renders, not Wagtail's block JSON.

    Other sites can drop it straight into their own page; they need not know
    our block types.
    """

    def to_representation(self, value):
        return str(value.render_as_block())


class RenditionField(ImageRenditionField):
    """A resized copy of an image (never the original) with the alt text the page gives it.

    ``source="*"`` hands over the page; ``image_attr`` and ``alt_attr`` name
    the page's image and its alt text (empty when the image is decorative).
    """

    def __init__(self, filter_spec, image_attr, alt_attr, **kwargs):
        self.image_attr = image_attr
        self.alt_attr = alt_attr
        super().__init__(filter_spec, source="*", **kwargs)

    def to_representation(self, page):
        image = getattr(page, self.image_attr)
        if image is None:
            return None
        data = super().to_representation(image)
        if "error" not in data:
            data["alt"] = getattr(page, self.alt_attr)
        return data


class NamesField(Field):
    """A many-to-many relation as ``[{"name": ..., "slug": ...}]`` (themes), in name order.

    Names of translatable rows (themes) are in the page's language where
    translated, as visitors of the page read them (core/localized.py); the slug
    is the same in every language.
    """

    def to_representation(self, value):
        if issubclass(value.model, TranslatableMixin):
            shown = InLanguage(value.model, value.instance.locale.language_code)
            names = [(shown.show(item).shown.name, item.slug) for item in value.all()]
        else:
            names = [(item.name, item.slug) for item in value.all()]
        return [{"name": name, "slug": slug} for name, slug in sorted(names)]


def page_summary(page, request):
    """The few fields a card of another page needs, with its public address."""
    return {
        "id": page.id,
        "type": page.specific_class._meta.label if page.specific_class else None,
        "title": page.title,
        "html_url": page.get_full_url(request),
    }


class PageCardsField(Field):
    """Live, public pages from a method such as ``networks()``, in the order it gives them."""

    def __init__(self, card_fields=(), **kwargs):
        self.card_fields = card_fields
        super().__init__(**kwargs)

    def to_representation(self, pages):
        request = self.context.get("request")
        cards = []
        if hasattr(pages, "select_related"):
            # Each card's language, for its translated names (NamesField), in the same query.
            pages = pages.select_related("locale")
        for page in pages:
            card = page_summary(page, request)
            for name in self.card_fields:
                value = getattr(page, name)
                # A many-to-many (themes) lists names, as NamesField does on the page itself.
                card[name] = NamesField().to_representation(value) if hasattr(value, "all") else value
            cards.append(card)
        return cards


class TranslationsField(Field):
    """The page's live, public translations in other languages (an empty list when there are none)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, page):
        request = self.context.get("request")
        translations = page.get_translations().live().public().select_related("locale").order_by("locale_id")
        return [
            {**page_summary(translation, request), "locale": translation.locale.language_code}
            for translation in translations
        ]
