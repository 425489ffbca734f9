from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Alert


class AlertViewSet(SnippetViewSet):
    model = Alert
    icon = "warning"
    menu_label = _("Site alerts")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["message", "level", "starts_at", "ends_at", "live"]
    list_filter = ["level", "live"]


register_snippet(AlertViewSet)
