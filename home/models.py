from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.search import index

from leedsnetworks.pages import BasePage
from networks.blocks import BodyStreamBlock


class HomePage(BasePage):
    heading = models.CharField(
        max_length=150,
        help_text="The main heading visitors see first. Keep it short and plain.",
    )
    introduction = models.TextField(
        max_length=500,
        blank=True,
        help_text="One or two sentences under the heading; also the page's description in search results.",
    )
    body = StreamField(
        BodyStreamBlock(),
        blank=True,
        help_text="Anything else the home page should say.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("heading"),
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "pages/home_page.html"
    page_description = "The front page of the site. There is only one."

    class Meta:
        verbose_name = "home page"

    def get_summary_text(self):
        return self.introduction

    def get_context(self, request, *args, **kwargs):
        from networks.models import InternationalStrategyPage

        context = super().get_context(request, *args, **kwargs)
        context["strategy_page"] = InternationalStrategyPage.objects.child_of(self).live().public().first()
        return context
