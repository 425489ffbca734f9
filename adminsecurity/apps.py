from django.apps import AppConfig


class AdminSecurityConfig(AppConfig):
    name = "adminsecurity"
    verbose_name = "Admin sign-in security"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
