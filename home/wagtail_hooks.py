from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from home.models import Footer


class FooterViewSet(SnippetViewSet):
    """Snippets → Footers: one per language; wagtail-localize adds Translate to the English one."""

    model = Footer
    icon = "list-ul"
    menu_label = "Footers"
    add_to_admin_menu = False
    list_display = ["__str__", "team_name"]


register_snippet(FooterViewSet)
