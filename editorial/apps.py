from django.apps import AppConfig


class EditorialConfig(AppConfig):
    """The communications team: roles, the approval workflow, review dates and the admin's guard rails."""

    name = "editorial"
    verbose_name = "Editorial"
