"""Where each page type may go in the tree, as editors will meet it in the admin."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(InternationalStrategyPage, HomePage)
        self.assertCanNotCreateAt(NetworkPage, HomePage)

    def test_landing_page_only_under_home(self):
        self.assertAllowedParentPageTypes(InternationalStrategyPage, {HomePage})
        self.assertCanCreateAt(HomePage, InternationalStrategyPage)
        self.assertCanNotCreateAt(NetworkPage, InternationalStrategyPage)

    def test_network_pages_only_under_landing_page_and_childless(self):
        self.assertAllowedParentPageTypes(NetworkPage, {InternationalStrategyPage})
        self.assertAllowedSubpageTypes(InternationalStrategyPage, {NetworkPage})
        self.assertAllowedSubpageTypes(NetworkPage, set())
        self.assertCanCreateAt(InternationalStrategyPage, NetworkPage)
        self.assertCanNotCreateAt(HomePage, NetworkPage)

    def test_only_one_home_and_one_landing_page(self):
        self.assertEqual(HomePage.max_count, 1)
        self.assertEqual(InternationalStrategyPage.max_count, 1)

    def test_every_page_type_describes_itself_to_editors(self):
        for model in (HomePage, InternationalStrategyPage, NetworkPage):
            self.assertTrue(model.page_description, model)
