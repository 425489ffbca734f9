from django.apps import AppConfig


class PreviewsConfig(AppConfig):
    name = "previews"
    verbose_name = "Preview links"
    default_auto_field = "django.db.models.BigAutoField"
