from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search over live, public pages."""

    name = "search"
    verbose_name = "Site search"
