"""A rich text link or embed whose id is not a number: refused when an editor saves, harmless when stored.

Draftail stores the id its entity data holds; Wagtail then passes it to the
database as the page renders and raises ValueError. Editors must be told which
link is wrong, and a page that already holds one must still be served.
"""

import json

import pytest
from django.test import Client
from wagtail.models import Page

from core.rich_text import link_problems
from networks.models import NetworkPage
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form


def contentstate_with_link(text, data, entity_type="LINK"):
    """What Draftail posts for one paragraph whose whole text is a link with `data`."""
    return json.dumps(
        {
            "blocks": [
                {
                    "key": "a1b2c",
                    "type": "unstyled",
                    "depth": 0,
                    "text": text,
                    "inlineStyleRanges": [],
                    "entityRanges": [{"offset": 0, "length": len(text), "key": 0}],
                    "data": {},
                }
            ],
            "entityMap": {"0": {"type": entity_type, "mutability": "MUTABLE", "data": data}},
        }
    )


class RefusedOnSaveTests(EditorialTestCase):
    def post_body(self, contentstate, action):
        log_in(self.client, self.approver)
        data = network_form(self.network, body=[("paragraph", contentstate)])
        data[action] = "1"
        return self.client.post(edit_url(self.network), data)

    def test_a_page_link_with_an_id_that_is_not_a_number_is_refused_with_a_message(self):
        revisions = self.network.revisions.count()
        for action in ("action-publish", "action-submit", ""):
            for bad_id in ("abc", "1 OR 1=1", "", "12.5", "-3", "9" * 30):
                with self.subTest(action=action, bad_id=bad_id):
                    contentstate = contentstate_with_link("the Eurocities network", {"id": bad_id, "url": "/x/"})
                    response = self.post_body(contentstate, action or "action-save")
                    self.assertEqual(response.status_code, 200)
                    html = response.content.decode()
                    message = "The link “the Eurocities network” points to a page that cannot be found"
                    # Block errors reach the editor inside the StreamField's JSON.
                    shown = message in html or json.dumps(message)[1:-1] in html
                    self.assertTrue(shown, "the editor is not told which link is wrong")
                    self.assertTrue("could not be saved" in html, "the editor is not told the page was not saved")
        self.assertEqual(self.network.revisions.count(), revisions)
        # The link's text, not its id: "abc" can turn up inside a block's random UUID.
        self.assertNotIn("the Eurocities network", str(NetworkPage.objects.get(pk=self.network.pk).body.raw_data))

    def test_a_page_that_already_holds_a_bad_link_opens_in_the_editor(self):
        NetworkPage.objects.filter(pk=self.network.pk).update(
            body=[{"type": "paragraph", "value": '<p><a linktype="page" id="abc">Old link</a></p>'}]
        )
        log_in(self.client, self.approver)
        response = self.client.get(edit_url(self.network))
        self.assertEqual(response.status_code, 200)
        self.assertIn("Old link", response.content.decode())

    def test_a_good_page_link_and_a_web_link_are_saved_and_published(self):
        good = contentstate_with_link("the home page", {"id": self.home.pk, "url": "/"})
        response = self.post_body(good, "action-publish")
        self.assertEqual(response.status_code, 302)
        web = contentstate_with_link("Eurocities", {"url": "https://eurocities.eu/"})
        self.assertEqual(self.post_body(web, "action-publish").status_code, 302)
        self.client.logout()
        self.assertIn(
            '<a href="https://eurocities.eu/">Eurocities</a>', self.client.get(self.network.url).content.decode()
        )


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ('<p><a linktype="page" id="abc">Eurocities</a></p>', "The link “Eurocities” points to a page"),
        ('<p><a linktype="document" id="x1">Annual report</a></p>', "The link “Annual report” points to a document"),
        ('<p><a linktype="banana" id="1">Odd</a></p>', "The link “Odd” is of an unknown kind (“banana”)"),
        ('<p><a linktype="page">No id</a></p>', "points to a page that cannot be found"),
        ('<embed embedtype="image" id="abc" format="fullwidth" alt=""/>', "An embedded item (“image”)"),
        ('<embed embedtype="mystery" id="1"/>', "An embedded item (“mystery”)"),
    ],
)
def test_link_problems_name_each_bad_link(html, problem):
    [found] = link_problems(html)
    assert problem in found


def test_good_links_have_no_problems():
    html = '<p><a linktype="page" id="3">Home</a> <a href="https://example.org/">Web</a> <a href="#top">Top</a></p>'
    assert link_problems(html) == []


BAD_STORED_BODIES = [
    '<p>See <a linktype="page" id="abc">the Eurocities network</a> for more.</p>',
    '<p>See <a linktype="document" id="abc">the Eurocities network</a> for more.</p>',
    '<p>See <a linktype="page" id="">the Eurocities network</a> for more.</p>',
    '<p>See <a linktype="page" id="99999999999999999999999">the Eurocities network</a> for more.</p>',
    '<p>See <a linktype="banana" id="1">the Eurocities network</a> for more.</p>',
    '<p>See the Eurocities network for more.</p><embed embedtype="image" id="abc" format="fullwidth" alt="x"/>',
]


@pytest.mark.parametrize("body", BAD_STORED_BODIES)
def test_a_page_that_already_holds_a_bad_link_still_renders(site_pages, body):
    home, landing = site_pages
    page = landing.add_child(instance=NetworkPage(title="Eurocities", slug="eurocities", summary="A network."))
    page.save_revision().publish()
    # Written straight into the database, as an old revision or an import would leave it.
    NetworkPage.objects.filter(pk=page.pk).update(body=[{"type": "paragraph", "value": body}])
    response = Client().get(Page.objects.get(pk=page.pk).url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "See" in html and "the Eurocities network" in html or "See the Eurocities network" in html
    # Quoted, as an attribute would carry it: a bare "abc" can turn up inside the random CSP nonce.
    assert '"abc"' not in html and "banana" not in html
