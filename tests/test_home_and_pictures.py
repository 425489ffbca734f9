"""Issue 14, the rest: a home page that leads somewhere, pictures where people look, content that reads well,
an honest accessibility statement.

What a visitor sees after an editor's change, through the page itself; expected text is written here.
"""

import re

import pytest
import wagtail_factories
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.images.blocks import ImageBlock
from wagtail.test.utils.form_data import inline_formset

from core.blocks import FigureBlock
from home.models import HomePage, SiteSettings
from networks.models import NetworkPage, Theme
from standardpages.models import InformationPage
from tests.editorial import home_form
from tests.factories import NetworkPageFactory, ThemeFactory
from tests.site_crawl import card_titles


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def section(html, heading_id):
    """The <section> whose heading has ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def cards(html):
    return re.findall(r'<li class="card">(.*?)</li>', html, re.DOTALL)


# The home page


def test_seeded_home_page_explains_and_shows_the_five_networks_with_summary_and_themes(client, seeded):
    html = client.get("/").content.decode()
    assert "Through five networks, Leeds works with other cities on key urban challenges" in html
    networks = section(html, "networks-heading")
    assert card_titles(networks) == [
        "Eurocities",
        "Cities Coalition for Digital Rights",
        "Culture Next",
        "OECD Champion Mayors for Inclusive Growth",
        "Intercultural Cities",
    ]
    eurocities = cards(networks)[0]
    assert '<a href="/international/eurocities/">Eurocities</a>' in eurocities
    assert "Leeds City Council is a member of the largest European city network, Eurocities." in eurocities
    assert '<span class="tag">Climate</span>' in eurocities
    assert '<a href="/international/">International strategy: every network and how Leeds takes part</a>' in networks


def test_home_page_leads_into_the_themes_and_search(client, seeded):
    html = client.get("/").content.decode()
    find = section(html, "find-heading")
    themes = re.findall(r'<li><a href="/international/\?theme=([a-z-]+)">([^<]+)</a></li>', find)
    assert ("climate", "Climate") in themes
    assert len(themes) == Theme.objects.filter(network_pages__live=True).distinct().count() == 9
    assert 'action="/search/" method="get"' in find
    assert '<input type="search" id="home-search-q" name="q"' in find
    # Each way in works.
    assert client.get("/international/?theme=climate").status_code == 200
    assert "Eurocities" in client.get("/search/?q=eurocities").content.decode()


def test_editor_chooses_and_orders_the_featured_networks(editor_client, seeded, client):
    home = HomePage.objects.get()
    culture, eurocities = NetworkPage.objects.get(slug="culture-next"), NetworkPage.objects.get(slug="eurocities")
    existing = list(home.featured_networks.all())
    # Seen first, so the page's rows are kept (core/fixedquery.py) before the change.
    assert card_titles(client.get("/"))[:2] == ["Eurocities", "Cities Coalition for Digital Rights"]
    data = home_form(
        heading=home.heading,
        introduction=home.introduction,
        # The editor removes the five seeded choices and picks two, Culture Next first.
        featured_networks=inline_formset(
            [
                *(
                    {"id": row.pk, "network": row.network_id, "ORDER": i, "DELETE": "1"}
                    for i, row in enumerate(existing)
                ),
                {"network": culture.pk, "ORDER": len(existing)},
                {"network": eurocities.pk, "ORDER": len(existing) + 1},
            ],
            initial=len(existing),
        ),
    )
    data["action-publish"] = "1"
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert card_titles(client.get("/")) == ["Culture Next", "Eurocities"]


def test_without_featured_networks_the_home_page_shows_the_landing_pages_cards_in_tree_order(client, site_pages):
    home, landing = site_pages
    first = NetworkPageFactory(parent=landing, title="Alpha", slug="alpha")
    NetworkPageFactory(parent=landing, title="Beta", slug="beta")
    assert card_titles(client.get(home.url)) == ["Alpha", "Beta"]
    # Featuring a network that is then unpublished falls back to every live network.
    home.featured_networks = [HomePage.featured_networks.rel.related_model(network=first, sort_order=0)]
    home.save_revision().publish()
    assert card_titles(client.get(home.url)) == ["Alpha"]
    first.unpublish()
    assert card_titles(client.get(home.url)) == ["Beta"]


def home_queries(client):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    return len(queries), html


@pytest.mark.parametrize("featured", [True, False])
def test_home_page_queries_do_not_grow_with_the_networks(client, site_pages, featured):
    home, landing = site_pages
    themes = [ThemeFactory(name=f"Theme {i}", slug=f"theme-{i}") for i in range(3)]
    networks = [NetworkPageFactory(parent=landing, themes=themes[: 1 + i % 3]) for i in range(5)]
    if featured:
        model = HomePage.featured_networks.rel.related_model
        home.featured_networks = [model(network=n, sort_order=i) for i, n in enumerate(networks)]
        home.save_revision().publish()
    few, html = home_queries(client)
    assert len(cards(html)) == 5
    for i in range(95):
        NetworkPageFactory(parent=landing, themes=themes[: 1 + i % 3])
    many, html = home_queries(client)
    assert len(cards(html)) == (5 if featured else 100)
    assert few == many <= 8, f"{few} queries with 5 networks, {many} with 100"


# Pictures


def test_cards_and_pages_without_a_logo_show_a_decorative_monogram(client, seeded):
    landing = client.get("/international/").content.decode()
    assert '<span class="monogram" aria-hidden="true">E</span>' in landing
    assert '<span class="monogram" aria-hidden="true">CN</span>' in landing
    assert landing.count('class="monogram"') == 5
    page = client.get("/international/cities-coalition-for-digital-rights/").content.decode()
    header = page.split('<header class="network__header">', 1)[1].split("</header>", 1)[0]
    assert '<span class="monogram monogram--page" aria-hidden="true">CC</span>' in header
    assert "<img" not in header


def test_a_logo_replaces_the_monogram_on_cards_and_on_the_page(client, site_pages, media_root):
    _, landing = site_pages
    logo = wagtail_factories.ImageFactory(title="Eurocities logo")
    network = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities")
    network.logo, network.logo_alt_text = logo, "Eurocities logo"
    network.save_revision().publish()
    card = cards(client.get(landing.url).content.decode())[0]
    # Decorative on the card; AVIF and WebP offered at two widths for denser screens, PNG the fallback.
    assert re.search(r'<img alt="" class="network-picture"[^>]*srcset="[^"]+ \d+w, [^"]+ \d+w"', card), card
    assert re.search(r'<source sizes="160px" srcset="[^"]+\.webp \d+w, [^"]+\.webp \d+w" type="image/webp">', card), (
        card
    )
    assert "monogram" not in card
    header = client.get(network.url).content.decode().split('<header class="network__header">', 1)[1]
    assert re.search(r'<img alt="Eurocities logo" class="network-picture network-picture--page"', header)
    assert "monogram" not in header.split("</header>", 1)[0]


def test_monogram_takes_capitals_of_the_significant_words(db):  # a new page looks up its default language
    assert NetworkPage(title="OECD Champion Mayors for Inclusive Growth").monogram == "OC"
    assert NetworkPage(title="Eurocities").monogram == "E"
    assert NetworkPage(title="city net").monogram == "CN"


def test_body_image_has_caption_and_credit_and_fills_the_text_column(db, media_root):
    image = wagtail_factories.ImageFactory(width=1600, height=900)
    block = FigureBlock()
    value = block.to_python(
        {
            "image": {"image": image.pk, "alt_text": "Leeds Town Hall", "decorative": False},
            "caption": "Leeds Town Hall.",
            "credit": "Leeds City Council",
        }
    )
    html = block.render(value)
    assert (
        '<figcaption>Leeds Town Hall. <span class="figure__credit">Credit: Leeds City Council</span></figcaption>'
        in html
    )
    assert 'sizes="(min-width: 50em) 46em, 100vw"' in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert html.count("<figcaption>") == 1
    no_text = block.render(
        block.to_python({"image": {"image": image.pk, "alt_text": "Leeds Town Hall", "decorative": False}})
    )
    assert "figcaption" not in no_text
    assert isinstance(block.child_blocks["image"], ImageBlock)


# Content that reads well


def related_titles(html):
    if 'id="related-heading"' not in html:
        return []
    return card_titles(section(html, "related-heading"))


def test_related_networks_share_a_theme_most_shared_first(client, site_pages):
    _, landing = site_pages
    a, b, c, d = (ThemeFactory(name=n, slug=n.lower()) for n in ["Arts", "Buses", "Care", "Docks"])
    page = NetworkPageFactory(parent=landing, title="Home network", slug="home-network", themes=[a, b, c])
    NetworkPageFactory(parent=landing, title="One shared", slug="one", themes=[a, d])
    NetworkPageFactory(parent=landing, title="Two shared", slug="two", themes=[b, c])
    NetworkPageFactory(parent=landing, title="Nothing shared", slug="none", themes=[d])
    NetworkPageFactory(parent=landing, title="Also one", slug="also-one", themes=[c])
    NetworkPageFactory(parent=landing, title="Fourth", slug="fourth", themes=[a])
    draft = NetworkPageFactory(parent=landing, title="Draft", slug="draft", themes=[a, b, c])
    draft.unpublish()
    html = client.get(page.url).content.decode()
    # At most three, most shared themes first, then in page-tree order; never itself, a draft or an unrelated network.
    assert related_titles(html) == ["Two shared", "One shared", "Also one"]
    related = section(html, "related-heading")
    two = cards(related)[0]
    assert '<span class="tag">Buses</span> <span class="tag">Care</span>' in two
    assert "Docks" not in cards(related)[1]


def test_no_related_section_without_shared_themes(client, site_pages):
    _, landing = site_pages
    page = NetworkPageFactory(parent=landing, title="Alone", slug="alone", themes=[ThemeFactory(slug="x", name="X")])
    NetworkPageFactory(parent=landing, title="Other", slug="other", themes=[ThemeFactory(slug="y", name="Y")])
    html = client.get(page.url).content.decode()
    assert "Related networks" not in html
    assert 'href="/international/?theme=x">X</a>' in html  # its own themes still listed


def test_preview_uses_the_themes_the_editor_just_chose(site_pages):
    _, landing = site_pages
    arts, buses = ThemeFactory(name="Arts", slug="arts"), ThemeFactory(name="Buses", slug="buses")
    page = NetworkPageFactory(parent=landing, title="Draft", slug="draft", themes=[arts])
    NetworkPageFactory(parent=landing, title="Arty", slug="arty", themes=[arts])
    NetworkPageFactory(parent=landing, title="Bussy", slug="bussy", themes=[buses])
    assert [n.title for n in page.themes_and_related()[1]] == ["Arty"]
    page.themes = [buses]  # changed in the editor, not saved: what a preview shows
    own, related = page.themes_and_related(preview=True)
    assert own == [buses]
    assert [n.title for n in related] == ["Bussy"]


def test_network_page_queries_do_not_grow_with_related_networks(client, site_pages):
    _, landing = site_pages
    theme = ThemeFactory(name="Shared", slug="shared")
    page = NetworkPageFactory(parent=landing, title="Main", slug="main", themes=[theme])
    NetworkPageFactory(parent=landing, themes=[theme])

    def count():
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(page.url).content.decode()
        return len(queries), related_titles(html)

    few, titles = count()
    assert len(titles) == 1
    for _ in range(40):
        NetworkPageFactory(parent=landing, themes=[theme])
    many, titles = count()
    assert len(titles) == 3
    assert few == many, f"{few} queries with 1 related network, {many} with 40"


def test_key_facts_are_a_description_list(client, seeded):
    html = client.get("/international/eurocities/").content.decode()
    facts = section(html, "key-facts-heading")
    assert '<div class="key-facts__item"><dt>Member cities</dt><dd>190</dd></div>' in facts
    assert "<dl>" in facts


def test_landing_page_draws_which_themes_each_network_works_on_as_a_table(client, seeded):
    html = client.get("/international/").content.decode()
    table = section(html, "theme-table-heading")
    assert '<h2 id="theme-table-heading">Which themes each network works on</h2>' in table
    assert '<div class="table-scroll" role="region" aria-labelledby="theme-table-caption" tabindex="0">' in table
    caption = (
        '<caption id="theme-table-caption" class="visually-hidden">5 networks and the themes each works on</caption>'
    )
    assert caption in table
    columns = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert columns == sorted(columns) and len(columns) == 9 and "Digital rights" in columns
    rows = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a></th>(.*?)</tr>', table)
    assert [title for title, _ in rows][:2] == ["Eurocities", "Cities Coalition for Digital Rights"]
    for title, cells in rows:
        said = re.findall(r'<span class="visually-hidden">(Yes|No)</span>', cells)
        network = NetworkPage.objects.get(title=title)
        expected = ["Yes" if network.themes.filter(name=name).exists() else "No" for name in columns]
        assert said == expected, title
    # A filtered list is not the whole picture: no table then.
    assert "theme-table-heading" not in client.get("/international/?theme=climate").content.decode()


# The accessibility statement


def statement(client):
    return client.get(InformationPage.objects.get(slug="accessibility-statement").url).content.decode()


def test_statement_is_honest_about_the_audit_and_says_how_to_report_and_enforce(client, seeded):
    html = statement(client)
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "No manual accessibility audit of this website has been done yet." in text
    assert "fully compliant" not in text.replace("whether it is fully or partially compliant", "")
    assert "We’ll consider your request and get back to you within 10 working days." in text
    assert "Equality and Human Rights Commission (EHRC)" in text
    assert '<a href="https://www.equalityadvisoryservice.com/">' in html
    assert (
        'This statement was prepared on <time datetime="2026-12-02">2 December 2026</time>. '
        'It was last reviewed on <time datetime="2026-12-02">2 December 2026</time>.'
    ) in html
    contact = section(html, "contact-heading")
    assert '<a href="/report-a-problem/?page=/accessibility-statement/">Use the report a problem form</a>' in contact


def test_statement_shows_the_teams_email_and_phone_from_the_site_settings(client, seeded):
    assert "mailto:" not in section(statement(client), "contact-heading")  # nothing invented
    settings = SiteSettings.load()
    settings.contact_email, settings.phone = "international@example.gov.uk", "0113 222 4444"
    settings.save()
    contact = section(statement(client), "contact-heading")
    assert '<a href="mailto:international@example.gov.uk">international@example.gov.uk</a>' in contact
    assert '<a href="tel:01132224444">0113 222 4444</a>' in contact


def test_editor_changes_the_review_date_and_visitors_see_it(client, seeded):
    page = InformationPage.objects.get(slug="accessibility-statement")
    page.reviewed_on = "2027-06-30"
    page.save_revision().publish()
    assert 'It was last reviewed on <time datetime="2027-06-30">30 June 2027</time>.' in statement(client)


def test_review_date_cannot_come_before_the_preparation_date(seeded):
    page = InformationPage.objects.get(slug="accessibility-statement")
    page.reviewed_on = page.prepared_on.replace(year=2020)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["reviewed_on"] == [
        "Enter a review date on or after the date the statement was prepared"
    ]


def test_other_information_pages_show_no_statement_dates_or_contact_section(client, seeded):
    html = client.get(InformationPage.objects.get(slug="cookies").url).content.decode()
    assert "This statement was prepared" not in html
    assert 'id="contact-heading"' not in html
