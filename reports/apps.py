from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The "report a problem" form: its page, spam and rate limits, and the address it posts to."""

    name = "reports"
    verbose_name = "Report a problem"
