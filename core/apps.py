from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: the base page, blocks, fields, meta tags and error pages.

    Nothing here imports an app of this project; every other app may import it.
    """

    name = "core"
    verbose_name = "Core"
