"""The user form's Roles tab says what each communications role may do, and offers no other roles."""

import html

from django.urls import reverse
from django.utils.html import strip_tags

from tests.editorial import EDITORS, EditorialTestCase, log_in, make_superuser


def roles_tab_text(response):
    page = response.content.decode()
    start = page.index('id="tab-roles"')
    tab = page[start : page.index("</section>", start)]
    return " ".join(html.unescape(strip_tags(tab)).split())


class RolesTabTests(EditorialTestCase):
    def setUp(self):
        log_in(self.client, make_superuser())

    def test_the_add_user_form_describes_each_role(self):
        text = roles_tab_text(self.client.get(reverse("wagtailusers_users:add")))
        self.assertIn("Communications editors: Write and change the team's pages", text)
        self.assertIn("submit pages for approval. Cannot publish, unpublish or delete a page.", text)
        self.assertIn("Communications approvers: Everything editors do, and: approve and publish submitted pages", text)
        self.assertIn("Give each member of the communications team one role.", text)
        # Wagtail's default groups were removed (their rights would skip the workflow).
        self.assertNotIn("Moderators", text)
        self.assertNotIn("Editors:", text.replace("Communications editors:", ""))

    def test_the_edit_user_form_describes_the_roles_with_the_users_role_ticked(self):
        response = self.client.get(reverse("wagtailusers_users:edit", args=[self.editor.pk]))
        self.assertIn("Communications approvers: Everything editors do", roles_tab_text(response))
        ticked = [str(choice.choice_label) for choice in response.context["form"]["groups"] if choice.data["selected"]]
        self.assertEqual(len(ticked), 1)
        self.assertTrue(ticked[0].startswith(f"{EDITORS}: Write and change"))
