"""The new body blocks through the admin: an editor adds them, an approver publishes, visitors read them."""

import re
import tempfile

from django.test import override_settings
from wagtail.test.utils.form_data import rich_text

from core.blocks import file_size_text
from core.video import parse_video_url
from networks.models import NetworkPage
from tests.body_blocks import (
    annual_report,
    every_block_form,
    related_links_block,
    table_block,
    town_hall_image,
    video_block,
)
from tests.editorial import EditorialTestCase, edit_url, log_in, network_form, workflow_action_url
from tests.upload_files import pdf

MEDIA = tempfile.mkdtemp(prefix="ln-blocks-")


@override_settings(MEDIA_ROOT=MEDIA)
class BodyBlocksTests(EditorialTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.document = annual_report()
        cls.image = town_hall_image()

    def submit(self, body):
        log_in(self.client, self.editor)
        data = network_form(self.network, body=body, summary="Eurocities with every block.")
        data["action-submit"] = "1"
        return self.client.post(edit_url(self.network), data)

    def submit_and_publish(self, body):
        response = self.submit(body)
        self.assertEqual(response.status_code, 302, response.content[:3000])
        log_in(self.client, self.approver)
        page = NetworkPage.objects.get(pk=self.network.pk)
        self.client.post(workflow_action_url(page, "approve"), {"comment": ""})
        self.client.logout()
        response = self.client.get(self.network.url)
        self.assertEqual(response.status_code, 200)
        return response

    def refused(self, body, message):
        response = self.submit(body)
        self.assertEqual(response.status_code, 200)
        self.assertIn(message, response.content.decode())
        self.assertIsNone(NetworkPage.objects.get(pk=self.network.pk).current_workflow_state)

    def test_every_block_is_published_as_accessible_html(self):
        response = self.submit_and_publish(every_block_form(self.landing, self.document, self.image))
        html = response.content.decode()
        # Table: a caption, column headings and row headings with their scope.
        self.assertIn('<caption class="table__caption">Leeds&#x27;s networks by year joined</caption>', html)
        self.assertIn('<th scope="col">Network</th><th scope="col">Year joined</th>', html)
        self.assertIn('<th scope="row">Eurocities</th><td class="table__number">1986</td>', html)
        # Accordion: native details and summary.
        self.assertIn('<summary class="accordion__summary">Who can take part</summary>', html)
        self.assertEqual(html.count("<details"), 2)
        self.assertIn("Leeds has been a member of Eurocities since 1986.", html)
        self.assertIn('<span class="visually-hidden">Warning: </span>Applications close on 31 March.', html)
        # Document links with their type and size.
        self.assertRegex(html, r'<a href="/documents/\d+/annual-report\.pdf">Annual report 2025</a> ')
        self.assertIn(f'<span class="document-links__meta">(PDF, {len(pdf())} bytes)</span>', html)
        # Related links: a page on the site by its title, an external link with its text.
        self.assertIn('<a href="/international/">International strategy</a>', html)
        self.assertIn("Eurocities&#x27; own website", html)

    def test_the_video_is_a_placeholder_until_the_visitor_presses_play(self):
        html = self.submit_and_publish([video_block()]).content.decode()
        self.assertNotIn("<iframe", html)
        self.assertIn('data-video-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"', html)
        self.assertIn('href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"', html)
        self.assertIn('<script src="/static/js/video-embed.js" defer></script>', html)
        # Nothing on the page loads from another site: every src is this site's.
        self.assertEqual([src for src in re.findall(r'\ssrc="([^"]+)"', html) if not src.startswith("/")], [])

    def test_the_public_policy_allows_frames_only_from_the_two_video_players(self):
        response = self.client.get(self.network.url)
        policy = dict(
            part.strip().split(" ", 1)
            for part in response.headers["Content-Security-Policy"].split(";")
            if part.strip()
        )
        self.assertEqual(policy["frame-src"], "https://www.youtube-nocookie.com https://player.vimeo.com")
        self.assertEqual(policy["script-src"], "'self'")

    def test_a_table_without_caption_or_column_heading_is_refused_on_submit(self):
        self.refused([table_block(caption="")], "Add a caption that says what the table shows.")
        self.refused([table_block(headings=("Network", ""))], "Give every column a heading.")

    def test_a_table_without_caption_may_be_saved_as_a_draft(self):
        log_in(self.client, self.editor)
        response = self.client.post(edit_url(self.network), network_form(self.network, body=[table_block(caption="")]))
        self.assertEqual(response.status_code, 302)

    def test_a_video_from_another_site_is_refused(self):
        self.refused(
            [video_block(url="https://videos.example.com/watch/1")], "Enter the address of a video on YouTube or Vimeo."
        )

    def test_an_external_related_link_needs_its_text(self):
        body = [related_links_block(self.landing)]
        body[0][1]["links"]["1"]["value"]["text"] = ""
        self.refused(body, "Say where the link goes: a web address needs link text.")

    def test_inset_text_refuses_a_link_whose_id_is_not_a_number(self):
        bad = rich_text('<p><a linktype="page" id="x">here</a></p>')
        response = self.submit([("inset_text", bad)])
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(NetworkPage.objects.get(pk=self.network.pk).current_workflow_state)


def test_video_addresses():
    assert (
        parse_video_url("https://youtu.be/dQw4w9WgXcQ").embed_url
        == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert parse_video_url("https://www.youtube.com/shorts/dQw4w9WgXcQ").provider == "YouTube"
    assert parse_video_url("https://vimeo.com/76979871").embed_url == "https://player.vimeo.com/video/76979871?dnt=1"
    for refused in (
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "https://youtube.com/watch?v=short",
    ):
        assert parse_video_url(refused) is None


def test_file_sizes_as_people_read_them():
    assert [file_size_text(n) for n in (890, 122_880, 2_516_582)] == ["890 bytes", "120 KB", "2.4 MB"]
