import io

import factory
import wagtail_factories
from django.core.management import call_command
from wagtail.models import Locale, Site

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkKeyFact, NetworkPage, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    """An English theme (the ones pages link); its translations are made as editors make them."""

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Theme
        django_get_or_create = ("slug", "locale")


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = "home"
    heading = "Leeds international networks"
    introduction = "Introduction to the site."

    class Meta:
        model = HomePage


class InternationalStrategyPageFactory(wagtail_factories.PageFactory):
    title = "International strategy"
    slug = "international"
    introduction = "Leeds is a member of these networks."

    class Meta:
        model = InternationalStrategyPage


class NetworkPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    summary = factory.LazyAttribute(lambda o: f"Summary of {o.title}.")
    body = factory.LazyAttribute(lambda o: [{"type": "paragraph", "value": f"<p>About {o.title}.</p>"}])

    class Meta:
        model = NetworkPage
        skip_postgeneration_save = True

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.themes.set(extracted)
            obj.save_revision().publish()


class NetworkKeyFactFactory(factory.django.DjangoModelFactory):
    label = "Member cities"
    value = "190"

    class Meta:
        model = NetworkKeyFact


def build_site():
    """Home page at the default site root with the landing page below it.

    A transactional test may follow another that flushed the database, taking
    the locale and root page Wagtail's migrations made: make them again then.
    """
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    # Remove Wagtail's placeholder welcome page so our home page can be "home".
    root.get_children().filter(slug="home").delete()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    landing = InternationalStrategyPageFactory(parent=home)
    return home, landing


def seed_site(*options, translations=False):
    """Run `seed_content` (with ``options``, e.g. "--reset") as `make run` does; return what it printed.

    English only unless ``translations``: the French, German and Chinese pages
    take a while to make, and most tests need one page of each type.
    """
    out = io.StringIO()
    if not translations:
        options = (*options, "--without-translations")
    call_command("seed_content", *options, stdout=out)
    return out.getvalue()


def translate(page, language_code, **fields):
    """A published copy of ``page`` in ``language_code`` (Wagtail's own copy; its parents copied first).

    A translation that already exists (``seed_content`` makes some) is updated and published again instead.
    """
    locale, _ = Locale.objects.get_or_create(language_code=language_code)
    if page.has_translation(locale):
        copy = page.get_translation(locale).specific
    else:
        parent = page.get_parent()
        if parent.depth > 1 and not parent.has_translation(locale):
            translate(parent.specific, language_code)
        copy = page.copy_for_translation(locale).specific
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy
