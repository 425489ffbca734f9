"""Each public page type renders in at most 8 SQL queries, however many networks there are (issue 10).

Pinned exactly, so a change that adds a query shows here. The page cache is off:
this is what a visitor waits for on a miss. Each URL is requested once first
so one-off work (image renditions, and what each process keeps per cache
generation: the page tree, the site, footer, alerts, contacts, translations,
theme links; core/memo.py) is not counted. The first render after a change,
which reads those once for every page after it, is pinned too
(FIRST_AFTER_A_CHANGE). The seeded site has what the real one has: footer
links, the report page, information pages whose rich text links to other
pages, themes.

Also checked here: the shortcuts that save the queries (core/pagetree.py) keep
private pages private.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core import memo
from networks.models import InternationalStrategyPage, NetworkPage, Theme
from standardpages.models import InformationPage
from tests.factories import NetworkPageFactory

BUDGET = 8
# The footer's links and team name are kept per cache generation (home/footer.py),
# so no page reads them: one query fewer than when they were site settings. So is
# the Wagtail site serving the request (core/site.py known_site): one fewer again.
# The page tree each address needs (core/pagetree.py) and the site settings
# (home_tags.site_contact) are kept per generation too: one fewer each. So are the
# pages rich text links to (core/rich_text_handlers.py): one query per rich text field fewer.
# And so is what a page reads of its own (core/fixedquery.py, kept rows): its
# specific page, a network's key facts and local partners, the home page's
# landing page and featured list. Only search reads on every request.
EXPECTED = {
    "home": 0,
    "landing": 0,
    "landing ?theme=": 0,
    "network": 0,
    "information": 0,
    "search": 4,  # the count, the results, their summaries, promotions
}
# The first render in a process after someone saved something: the kept data is read again.
FIRST_AFTER_A_CHANGE = {
    "home": 15,  # the landing page's id, then its row by the kept query
    "landing": 12,
    "landing ?theme=": 12,
    "network": 17,
    "information": 13,
    "search": 12,
}


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def count_queries(client, url, first_after_a_change=False):
    assert client.get(url).status_code == 200, url
    if first_after_a_change:
        memo.forget()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response.content.decode()


def page_urls():
    landing = InternationalStrategyPage.objects.live().get()
    theme = Theme.objects.filter(network_pages__isnull=False).first()
    return {
        "home": "/",
        "landing": landing.url,
        "landing ?theme=": f"{landing.url}?theme={theme.slug}",
        "network": NetworkPage.objects.live().first().url,
        "information": InformationPage.objects.live().first().url,
        "search": "/search/?q=network",
    }


def add_networks(count):
    landing = InternationalStrategyPage.objects.live().get()
    themes = list(Theme.objects.all())
    for i in range(count):
        NetworkPageFactory(parent=landing, title=f"Network {i}", slug=f"network-{i}", themes=themes[: 1 + i % 3])


def test_every_page_type_within_budget_with_5_and_100_networks(client, seeded):
    urls = page_urls()
    assert NetworkPage.objects.live().count() == 5
    with_5 = {name: count_queries(client, url)[0] for name, url in urls.items()}
    add_networks(95)
    with_100 = {name: count_queries(client, url)[0] for name, url in urls.items()}
    assert count_queries(client, urls["landing"])[1].count('class="card"') == 100
    assert with_5 == EXPECTED, f"with 5 networks: {with_5}"
    assert with_100 == EXPECTED, f"with 100 networks: {with_100}"
    assert max(EXPECTED.values()) <= BUDGET


def test_the_first_render_after_a_change_does_not_grow_with_networks(client, seeded):
    urls = page_urls()
    with_5 = {name: count_queries(client, url, first_after_a_change=True)[0] for name, url in urls.items()}
    add_networks(95)
    with_100 = {name: count_queries(client, url, first_after_a_change=True)[0] for name, url in urls.items()}
    assert with_5 == FIRST_AFTER_A_CHANGE, f"with 5 networks: {with_5}"
    assert with_100 == FIRST_AFTER_A_CHANGE, f"with 100 networks: {with_100}"


def test_information_page_links_still_resolve(client, seeded):
    # Rich text page links are resolved from base pages (core/wagtail_hooks.py).
    page = InformationPage.objects.live().filter(body__icontains='linktype="page"').first()
    if page is None:
        page = InformationPage.objects.live().first()
    html = client.get(page.url).content.decode()
    assert 'href="None"' not in html and "<a>" not in html


@pytest.fixture
def private_network(seeded):
    network = NetworkPage.objects.live().first()
    PageViewRestriction.objects.create(page=network, restriction_type=PageViewRestriction.LOGIN)
    return network


def test_private_page_still_asks_for_sign_in(client, private_network):
    response = client.get(private_network.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_page_below_a_private_page_asks_for_sign_in(client, seeded):
    landing = InternationalStrategyPage.objects.live().get()
    PageViewRestriction.objects.create(page=landing, restriction_type=PageViewRestriction.LOGIN)
    for url in (landing.url, NetworkPage.objects.live().first().url):
        response = client.get(url)
        assert response.status_code == 302, url


def test_private_pages_are_not_listed_anywhere(client, private_network):
    landing = InternationalStrategyPage.objects.live().get()
    assert private_network.title not in client.get(landing.url).content.decode()
    results = client.get("/search/?q=" + private_network.title.split()[0]).content.decode()
    assert f'href="{private_network.url}"' not in results


def test_private_information_page_leaves_the_footer(client, seeded):
    info = InformationPage.objects.live().first()
    assert f'href="{info.url}"' in client.get("/").content.decode()
    PageViewRestriction.objects.create(page=info, restriction_type=PageViewRestriction.LOGIN)
    for url in ("/", "/search/?q=x", InternationalStrategyPage.objects.get().url):
        assert f'href="{info.url}"' not in client.get(url).content.decode(), url


def test_unpublished_and_unknown_pages_are_not_found(client, seeded):
    network = NetworkPage.objects.live().first()
    network.unpublish()
    assert client.get(network.url).status_code == 404
    assert client.get("/international/no-such-network/").status_code == 404
    assert client.get("/no-such-page/deeper/").status_code == 404
