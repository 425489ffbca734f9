from django.apps import AppConfig


class StandardPagesConfig(AppConfig):
    """Plain information pages: the accessibility statement, privacy notice, cookies page and the like."""

    name = "standardpages"
    verbose_name = "Information pages"
