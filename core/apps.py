from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    """What every app shares: the base page, blocks, fields, meta tags and error pages.

    Nothing here imports an app of this project; every other app may import it.
    """

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from core.site_url import apply_after_migrate

        # Django sends post_migrate only for apps with models; the handler acts on wagtailcore's.
        post_migrate.connect(apply_after_migrate, dispatch_uid="core.site_url")
