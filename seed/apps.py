from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The site's initial content (`manage.py seed_content`), built from the files in seed/content/."""

    name = "seed"
    verbose_name = "Initial content"
