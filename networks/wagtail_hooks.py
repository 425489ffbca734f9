from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Theme


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "Themes"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "slug"]
    # The listing's search uses Theme.search_fields (names, as typed): naming
    # fields here too broke it on SQLite's full-text search ("no such column").


register_snippet(ThemeViewSet)
