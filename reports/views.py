from django.shortcuts import get_object_or_404
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import ReportProblemPage


@csrf_exempt  # see reports/protection.py: the form sets no cookie, so it carries no CSRF token
@require_POST
def report_problem_send(request, page_id):
    page = get_object_or_404(ReportProblemPage.objects.live().public(), pk=page_id)
    return page.serve(request)


@require_GET
def report_problem_sent(request, page_id):
    """The thank-you page a successful post redirects to; it sends nothing."""
    page = get_object_or_404(ReportProblemPage.objects.live().public(), pk=page_id)
    return page.serve_sent(request)
