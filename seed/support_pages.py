"""The support pages `seed_content` creates: the report form and the information pages.

Like the rest of the seed, it creates only what is missing and never changes a
page that exists, so editors' wording survives.
"""

import re

from django.conf import settings

from reports.models import ReportFormField, ReportProblemPage
from standardpages.models import InformationPage

PAGE_LINK = re.compile(r'href="page:([a-z0-9-]+)"')


def _link_pages(html, home):
    """Turn href="page:SLUG" into Wagtail page links, which follow the page if it moves."""

    def replace(match):
        slug = match.group(1)
        target = home.get_children().filter(slug=slug).first()
        return f'linktype="page" id="{target.pk}"' if target else f'href="/{slug}/"'

    return PAGE_LINK.sub(replace, html)


def ensure_support_pages(home, data, publish):
    """Create the report form and information pages under ``home`` where missing.

    ``publish(parent, page)`` adds and publishes a new page. Pages are created in
    the file's order, the form first, so links to earlier pages resolve.
    """
    form = data["report_form"]
    # One form page at most (max_count); an editor's renamed or moved one counts.
    if not ReportProblemPage.objects.exists():
        page = ReportProblemPage(
            title=form["title"],
            slug=form["slug"],
            introduction=form["introduction"].strip(),
            thank_you_text=form["thank_you_text"].strip(),
            # The team's address the site already sends from; editors can change it on the page.
            to_address=settings.DEFAULT_FROM_EMAIL,
            subject=form.get("subject", ""),
            form_fields=[
                ReportFormField(
                    label=field["label"],
                    field_type=field["field_type"],
                    required=field.get("required", True),
                    help_text=field.get("help_text", ""),
                    required_message=field.get("required_message", ""),
                )
                for field in form["fields"]
            ],
        )
        publish(home, page)

    for item in data["information_pages"]:
        if InformationPage.objects.child_of(home).filter(slug=item["slug"]).exists():
            continue
        page = InformationPage(
            title=item["title"],
            slug=item["slug"],
            introduction=item["introduction"].strip(),
            body=[{"type": "paragraph", "value": _link_pages(html.strip(), home)} for html in item["body"]],
            prepared_on=item.get("prepared_on"),
            reviewed_on=item.get("reviewed_on"),
            show_contact_details=item.get("show_contact_details", False),
        )
        publish(home, page)
