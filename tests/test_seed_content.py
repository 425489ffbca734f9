"""`seed_content` builds the site from the council's source text, word for word."""

import html
import re
from pathlib import Path

import pytest
import yaml
from wagtail.models import Page, Revision, Site

from home.models import HomePage
from networks.models import InternationalStrategyPage, NetworkPage
from tests.factories import seed_site

SOURCE = Path(__file__).resolve().parents[1] / "seed" / "content" / "networks-page.txt"
SHARED_SOURCE = Path(__file__).resolve().parents[2] / "shared" / "content" / "networks-page.txt"
# The source's section headings, and the page each section belongs to.
SECTIONS = {
    "Eurocities": "eurocities",
    "Cities for Digital Rights": "cities-coalition-for-digital-rights",
    "Culture Next": "culture-next",
    "OECD Champion Mayors for Inclusive Growth": "oecd-champion-mayors-for-inclusive-growth",
    "Intercultural Cities": "intercultural-cities",
}


def source_paragraphs():
    """{slug: [paragraph, …]} parsed from the source text itself."""
    sections, current = {}, None
    for line in SOURCE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line == "Networks":
            continue
        if line in SECTIONS:
            current = SECTIONS[line]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def visible_text(response):
    text = re.sub(r"<[^>]+>", "", response.content.decode())
    return html.unescape(text)


def test_source_text_has_a_section_for_every_network():
    assert set(source_paragraphs()) == set(SECTIONS.values())
    assert all(source_paragraphs().values())


def test_source_copy_matches_shared_source_text():
    """The only test that needs ../shared (the council's source beside the checkout); it skips, never passes, without it."""
    if not SHARED_SOURCE.exists():
        pytest.skip(
            f"No shared source text at {SHARED_SOURCE} to compare the in-repo copy with (a checkout on its own)."
        )
    # Beside a checkout: the in-repo copy must not drift from the council's source.
    assert SOURCE.read_text(encoding="utf-8").strip() == SHARED_SOURCE.read_text(encoding="utf-8").strip()


def test_builds_full_tree(seeded):
    home = HomePage.objects.get()
    assert Site.objects.get(is_default_site=True).root_page_id == home.pk
    landing = InternationalStrategyPage.objects.child_of(home).get()
    networks = NetworkPage.objects.child_of(landing).order_by("path")
    assert [n.slug for n in networks] == list(SECTIONS.values())
    assert all(p.live and not p.has_unpublished_changes for p in [home, landing, *networks])
    # Wagtail's placeholder welcome page is gone.
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def main_text(response):
    """The visible text of <main> up to the related networks (other pages' cards), whitespace collapsed."""
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0].split('<section class="related"')[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", "<main" + main)).split())


def test_every_source_word_on_its_own_page_and_the_summary_once(seeded, client):
    paragraphs = source_paragraphs()
    for slug, expected in paragraphs.items():
        page = NetworkPage.objects.get(slug=slug)
        text = main_text(client.get(page.url))
        # The summary is the source's own words, shown once (as the lead), not again in the body.
        assert any(page.summary in paragraph for paragraph in expected), slug
        assert text.count(page.summary) == 1, slug
        assert f'<p class="lead">{html.escape(page.summary, quote=False)}</p>' in client.get(page.url).content.decode()
        # Everything else the source says is in the body, word for word.
        for paragraph in expected:
            rest = " ".join(paragraph.replace(page.summary, "").split())
            if rest:
                assert rest in text, (slug, rest)
        others = [p for s, ps in paragraphs.items() if s != slug for p in ps]
        assert not any(p in text for p in others), f"{slug} shows another network's text"


def test_seeded_body_never_repeats_the_summary(seeded):
    for page in NetworkPage.objects.all():
        body = " ".join(str(block.value) for block in page.body)
        assert page.summary not in html.unescape(body), page.slug
        assert body.strip(), page.slug


def test_structured_fields_hold_stated_facts(seeded):
    eurocities = NetworkPage.objects.get(slug="eurocities")
    assert {(f.label, f.value) for f in eurocities.key_facts.all()} == {("Member cities", "190"), ("Countries", "39")}
    assert [p.name for p in eurocities.local_partners.all()] == ["University of Leeds", "Leeds Beckett University"]
    assert "Children and Young People" in eurocities.leeds_role
    assert NetworkPage.objects.get(slug="intercultural-cities").organisation == "Council of Europe"
    assert NetworkPage.objects.get(slug="cities-coalition-for-digital-rights").organisation == "UN-Habitat"
    # Facts the source never states stay empty rather than invented.
    assert not NetworkPage.objects.exclude(website="").exists()
    assert not NetworkPage.objects.filter(year_joined__isnull=False).exists()
    for page in NetworkPage.objects.all():
        assert 0 < len(page.summary) <= 250


def test_content_lives_in_data_file_with_source_words():
    data = yaml.safe_load((SOURCE.parent / "site.yaml").read_text(encoding="utf-8"))
    in_file = {n["slug"]: n["paragraphs"] for n in data["networks"]}
    assert in_file == source_paragraphs()


def snapshot():
    return (
        sorted(Page.objects.values_list("id", "path", "title", "live", "latest_revision_id")),
        Revision.objects.count(),
    )


def test_second_run_changes_nothing(seeded):
    before = snapshot()
    out = seed_site()
    assert snapshot() == before
    assert "nothing changed" in out


def test_keeps_an_editors_change(seeded):
    page = NetworkPage.objects.get(slug="eurocities")
    page.summary = "An editor rewrote this."
    page.save_revision().publish()
    seed_site()
    assert NetworkPage.objects.get(slug="eurocities").summary == "An editor rewrote this."


def test_recreates_a_deleted_network_without_touching_others(seeded):
    NetworkPage.objects.get(slug="culture-next").delete()
    kept = NetworkPage.objects.get(slug="eurocities").latest_revision_id
    seed_site()
    assert NetworkPage.objects.filter(slug="culture-next", live=True).exists()
    assert NetworkPage.objects.get(slug="eurocities").latest_revision_id == kept


@pytest.mark.django_db
def test_reset_rebuilds_from_the_file(seeded):
    page = NetworkPage.objects.get(slug="eurocities")
    page.summary = "An editor rewrote this."
    page.save_revision().publish()
    seed_site("--reset")
    assert NetworkPage.objects.get(slug="eurocities").summary.startswith(
        "Working in partnership with the University of Leeds"
    )
    assert HomePage.objects.count() == 1
    assert NetworkPage.objects.count() == 5
