from django.apps import AppConfig


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = "International networks"

    def ready(self):
        from . import signals  # noqa: F401  (connects the landing page's receiver)
