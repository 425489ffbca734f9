from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Contact


class ContactViewSet(SnippetViewSet):
    model = Contact
    icon = "mail"
    menu_label = _("Contacts")
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["team_name", "contact_email", "phone", "live"]
    search_fields = ["team_name"]


register_snippet(ContactViewSet)
