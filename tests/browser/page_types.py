"""The public page types the accessibility and HTML tests visit, from the seeded site."""

from networks.models import NetworkPage
from reports.models import ReportProblemPage
from standardpages.models import InformationPage


def public_pages():
    """(name, path) for every public page type: each network, each information page."""
    report_form = ReportProblemPage.objects.live().get()
    return [
        ("home", "/"),
        ("landing", "/international/"),
        *[(f"network: {n.title}", n.url) for n in NetworkPage.objects.live().order_by("path")],
        ("landing filtered by theme", "/international/?theme=climate"),
        ("landing, unknown theme", "/international/?theme=no-such-theme"),
        ("search, no query", "/search/"),
        ("search with results", "/search/?q=culture"),
        ("search without results", "/search/?q=xyzzyquux"),
        *[(p.title, p.url) for p in InformationPage.objects.live().order_by("path")],
        ("report form", f"{report_form.url}?page=/international/"),
        ("not found", "/no-such-page/"),
    ]
