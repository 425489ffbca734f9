"""The public page types the accessibility and HTML tests visit, from the seeded site."""

from django.conf import settings
from wagtail.models import Locale

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage
from reports.models import ReportProblemPage
from standardpages.models import InformationPage


def public_pages():
    """(name, path) for every public page type: each network, each information page."""
    report_form = ReportProblemPage.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE).get()
    english = {"locale__language_code": settings.LANGUAGE_CODE}
    return [
        ("home", "/"),
        ("landing", "/international/"),
        *[(f"network: {n.title}", n.url) for n in NetworkPage.objects.live().filter(**english).order_by("path")],
        ("landing filtered by theme", "/international/?theme=climate"),
        ("landing, unknown theme", "/international/?theme=no-such-theme"),
        ("search, no query", "/search/"),
        ("search with results", "/search/?q=culture"),
        ("search without results", "/search/?q=xyzzyquux"),
        *[(p.title, p.url) for p in InformationPage.objects.live().filter(**english).order_by("path")],
        ("report form", f"{report_form.url}?page=/international/"),
        ("not found", "/no-such-page/"),
    ]


def show_editor_tools():
    """Put the editors' tools on the pages checked: an alert of each level on every page, and a chosen
    contact on a network page and an information page (the site settings' details stay on the rest)."""
    import datetime

    from django.utils import timezone

    from alerts.models import Alert
    from contacts.models import Contact

    now = timezone.now()
    for level, message in [
        ("urgent", "The Civic Hall is closed today."),
        ("warning", "Expect delays on the Headrow."),
        ("information", "New networks were added this month."),
    ]:
        alert = Alert.objects.create(
            message=message,
            level=level,
            link_url="https://www.leeds.gov.uk/",
            link_text=f"Read more about the {level} notice",
            starts_at=now - datetime.timedelta(hours=1),
            ends_at=now + datetime.timedelta(days=1),
        )
        alert.save_revision().publish()
    contact = Contact.objects.create(
        team_name="Eurocities project team",
        contact_email="eurocities@leeds.gov.uk",
        phone="0113 378 1234",
        postal_address="Civic Hall\nLeeds\nLS1 1UR",
    )
    contact.save_revision().publish()
    for page in [NetworkPage.objects.live().order_by("path").first(), InformationPage.objects.live().first()]:
        page.contact = contact
        page.save_revision().publish()


def first_live(model, locale):
    return model.objects.live().filter(locale=locale).order_by("path").first()


def translated_pages():
    """(name, path) for each page type in every other language with a published home page.

    One of each type per language (the interface around the content is the
    same on every network page); the seeded translations, or those a test made.
    """
    pages = []
    for locale in Locale.objects.exclude(language_code=settings.LANGUAGE_CODE).order_by("language_code"):
        home = first_live(HomePage, locale)
        if home is None:
            continue
        code, prefix = locale.language_code, home.url
        pages += [(f"{code}: home", prefix)]
        landing = first_live(InternationalStrategyPage, locale)
        if landing is not None:
            pages += [
                (f"{code}: landing", landing.url),
                (f"{code}: landing filtered by theme", f"{landing.url}?theme=climate"),
                (f"{code}: landing, unknown theme", f"{landing.url}?theme=no-such-theme"),
            ]
        pages += [(f"{code}: {type(page).__name__}", page.url) for page in pages_of_each_type(locale)]
        pages += [
            (f"{code}: search with results", f"{prefix}search/?q=Eurocities"),
            (f"{code}: search without results", f"{prefix}search/?q=xyzzyquux"),
            (f"{code}: not found", f"{prefix}no-such-page/"),
        ]
    return pages


def pages_of_each_type(locale):
    found = [first_live(model, locale) for model in (NetworkPage, InformationPage, ReportProblemPage)]
    return [page for page in found if page is not None]
