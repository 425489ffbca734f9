"""Editors add information pages under Home and edit the home page, through the workflow; the main menu; tree order."""

import importlib
import re

from django.apps import apps
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, WorkflowPage

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage
from standardpages.models import InformationPage
from tests.editorial import (
    WORKFLOW_NAME,
    edit_url,
    home_form,
    log_in,
    make_approver,
    make_editor,
    page_form,
    workflow_action_url,
)
from tests.factories import seed_site


def add_information_page_url(home):
    return reverse("wagtailadmin_pages:add", args=["standardpages", "informationpage", home.pk])


def information_form(**fields):
    defaults = {
        "title": "Funding for partnerships",
        "slug": "funding",
        "introduction": "How Leeds pays for its international work.",
    }
    return page_form(**{**defaults, **fields})


def menu_titles(html):
    nav = re.search(r'<nav class="main-nav" aria-label="Main">(.*?)</nav>', html, re.S)
    return re.findall(r">([^<>]+)</a>", nav.group(1)) if nav else []


class EditorsPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_site()
        cls.home = HomePage.objects.get()
        cls.editor = make_editor()
        cls.approver = make_approver()

    def approve(self, page):
        log_in(self.client, self.approver)
        page = Page.objects.get(pk=page.pk)
        response = self.client.post(workflow_action_url(page, "approve"), {"comment": ""})
        self.assertEqual(response.status_code, 302)

    def visitor_html(self, url):
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_editor_adds_an_information_page_under_home_and_submits_it(self):
        log_in(self.client, self.editor)
        self.assertEqual(self.client.get(add_information_page_url(self.home)).status_code, 200)
        data = information_form(show_in_menus="on")
        data["action-submit"] = "1"
        response = self.client.post(add_information_page_url(self.home), data)
        self.assertEqual(response.status_code, 302, response.content[:2000])

        page = InformationPage.objects.get(slug="funding")
        self.assertEqual(page.get_parent().pk, self.home.pk)
        self.assertFalse(page.live)
        self.assertEqual(page.current_workflow_state.workflow.name, WORKFLOW_NAME)
        self.assertEqual(self.client.get("/funding/").status_code, 404)

        self.approve(page)
        html = self.visitor_html("/funding/")
        self.assertIn("How Leeds pays for its international work.", html)
        # "Show in menus" ticked: it is in the main menu of every page, after the landing page (tree order).
        self.assertEqual(menu_titles(self.visitor_html("/")), ["International strategy", "Funding for partnerships"])

    def test_editor_edits_the_home_page_and_an_approver_publishes_it(self):
        log_in(self.client, self.editor)
        data = home_form(heading="Leeds and the world")
        data["action-submit"] = "1"
        response = self.client.post(edit_url(self.home), data)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("Leeds and the world", self.visitor_html("/"))
        self.approve(self.home)
        self.assertIn("Leeds and the world", self.visitor_html("/"))

    def test_editor_cannot_publish_the_home_page(self):
        log_in(self.client, self.editor)
        response = self.client.get(edit_url(self.home))
        self.assertContains(response, 'name="action-submit"')
        self.assertNotContains(response, 'name="action-publish"')

    def test_show_in_menus_is_offered_only_where_the_main_menu_reads_it(self):
        log_in(self.client, self.editor)
        information = InformationPage.objects.first()
        landing = InternationalStrategyPage.objects.get()
        for page, offered in [
            (information, True),
            (landing, True),
            (self.home, False),
            (NetworkPage.objects.first(), False),
        ]:
            with self.subTest(page=page.title):
                html = self.client.get(edit_url(page)).content.decode()
                self.assertEqual('name="show_in_menus"' in html, offered)
                self.assertIn('name="search_description"', html)  # read by the meta description (core/seo.py)

    def test_the_page_list_under_the_landing_page_is_in_tree_order(self):
        landing = InternationalStrategyPage.objects.get()
        tree_order = [page.title for page in landing.get_children()]
        # Edit the last page so "most recently edited first" would put it first.
        last = NetworkPage.objects.get(title=tree_order[-1])
        last.save_revision()
        log_in(self.client, self.editor)
        html = self.client.get(reverse("wagtailadmin_explore", args=[landing.pk])).content.decode()
        titles = {str(page.pk): page.title for page in landing.get_children()}
        listed = [titles[pk] for pk in re.findall(r'<tr id="page_(\d+)"', html)]
        self.assertEqual(listed, tree_order)
        self.assertNotEqual(listed[0], last.title)


class HomeMigrationTests(TestCase):
    def test_the_migration_gives_the_team_the_home_page_on_an_existing_site(self):
        seed_site()
        home = HomePage.objects.get()
        GroupPagePermission.objects.filter(page=home).delete()
        WorkflowPage.objects.filter(page=home).delete()
        migration = importlib.import_module("home.migrations.0003_communications_team_edits_the_home_page")
        migration.forwards(apps, None)
        self.assertEqual(HomePage.objects.get().get_workflow().name, WORKFLOW_NAME)
        editor = make_editor()
        self.assertTrue(home.permissions_for_user(editor).can_add_subpage())
        self.assertFalse(home.permissions_for_user(editor).can_publish())
