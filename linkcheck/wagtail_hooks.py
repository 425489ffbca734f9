"""The broken-link report in the admin: a dashboard panel and Reports > Broken links."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from .models import LinkCheck
from .places import with_places
from .views import BrokenLinksReportView

PANEL_LIMIT = 10


class BrokenLinksPanel(Component):
    """Dashboard panel: broken external links on live pages, the footers and alerts, each with what to fix."""

    name = "broken_links"
    template_name = "linkcheck/broken_links_panel.html"
    # After the review-dates panel (150), before Wagtail's own lists (250).
    order = 160

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        broken = LinkCheck.objects.broken().prefetch_related("pages")
        context["links"] = with_places(broken[:PANEL_LIMIT], parent_context["request"].user)
        context["total"] = broken.count()
        return context


@hooks.register("construct_homepage_panels")
def add_broken_links_panel(request, panels):
    panels.append(BrokenLinksPanel())


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/broken-links/", BrokenLinksReportView.as_view(), name="linkcheck_report"),
        path(
            "reports/broken-links/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="linkcheck_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(_("Broken links"), reverse("linkcheck_report"), icon_name="link", order=800)
