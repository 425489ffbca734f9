from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.reports import ReportView

from .models import LinkCheck
from .places import with_places


class BrokenLinksReportView(ReportView):
    """Reports > Broken links: every broken external link, where it is used, and when it was checked."""

    page_title = _("Broken links")
    header_icon = "link"
    index_url_name = "linkcheck_report"
    index_results_url_name = "linkcheck_report_results"
    results_template_name = "linkcheck/report_results.html"
    no_results_message = _("No broken links were found at the last check.")
    list_export = ["url", "problem", "checked_at"]
    export_headings = {"url": _("Address"), "problem": _("Problem"), "checked_at": _("Checked at")}

    def get_queryset(self):
        return LinkCheck.objects.broken().prefetch_related("pages")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object_list"] = with_places(context["object_list"], self.request.user)
        return context
