"""The content API at /api/v2/: only live, public content, whoever asks and however they ask.

Each test acts as a consumer would: another council site reading the API with
no cookies, sometimes from a browser on another origin.
"""

import json

import pytest
import wagtail_factories
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, Locale, PageViewRestriction

from networks.models import NetworkLocalPartner
from standardpages.models import InformationPage
from tests.factories import NetworkKeyFactFactory, NetworkPageFactory, ThemeFactory

PAGES = "/api/v2/pages/"


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def listed_ids(client, url=PAGES):
    return {item["id"] for item in get_json(client, url)["items"]}


@pytest.fixture
def network_site(site_pages, media_root):
    """A landing page with public, draft, login-only, group-only and deleted networks."""
    home, landing = site_pages
    public = NetworkPageFactory(parent=landing, title="Eurocities", slug="eurocities", summary="Big cities.")
    draft = NetworkPageFactory(parent=landing, title="Secret draft", slug="secret-draft", live=False)
    login_only = NetworkPageFactory(parent=landing, title="Login only", slug="login-only")
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    group_only = NetworkPageFactory(parent=landing, title="Group only", slug="group-only")
    restriction = PageViewRestriction.objects.create(page=group_only, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.create(name="Insiders")])
    private_section = InformationPage(title="Private section", slug="private-section", introduction="Hidden.")
    home.add_child(instance=private_section)
    PageViewRestriction.objects.create(page=private_section, restriction_type=PageViewRestriction.LOGIN)
    under_private = InformationPage(title="Under private", slug="under-private", introduction="Hidden too.")
    private_section.add_child(instance=under_private)
    deleted = NetworkPageFactory(parent=landing, title="Deleted", slug="deleted")
    deleted_id = deleted.id
    deleted.delete()
    return {
        "home": home,
        "landing": landing,
        "public": public,
        "hidden": {
            "draft": draft.id,
            "login_only": login_only.id,
            "group_only": group_only.id,
            "private_section": private_section.id,
            "under_private": under_private.id,
            "deleted": deleted_id,
        },
    }


# --- Only live, public pages ------------------------------------------------


def test_listing_shows_live_public_pages_only(client, network_site):
    ids = listed_ids(client)
    assert network_site["public"].id in ids
    assert network_site["landing"].id in ids
    assert not ids & set(network_site["hidden"].values())


@pytest.mark.parametrize("name", ["draft", "login_only", "group_only", "private_section", "under_private", "deleted"])
def test_hidden_pages_answer_404_by_id_listing_filter_and_find(client, network_site, name):
    page_id = network_site["hidden"][name]
    assert get_json(client, f"{PAGES}{page_id}/", status=404)["message"]
    assert get_json(client, f"{PAGES}?id={page_id}")["items"] == []
    assert client.get(f"{PAGES}find/?id={page_id}").status_code == 404
    # As a parent for a tree filter, a hidden page does not exist either.
    assert get_json(client, f"{PAGES}?child_of={page_id}", status=400)["message"]
    assert get_json(client, f"{PAGES}?descendant_of={page_id}", status=400)["message"]


def test_find_by_address_never_finds_hidden_pages(client, network_site):
    for path in ("/international/secret-draft/", "/international/login-only/", "/private-section/under-private/"):
        assert client.get(f"{PAGES}find/?html_path={path}").status_code == 404, path
    found = client.get(f"{PAGES}find/?html_path=/international/eurocities/")
    assert found.status_code == 302 and found["Location"].endswith(f"/pages/{network_site['public'].id}/?")


def test_all_fields_of_a_listing_never_include_hidden_or_admin_data(client, network_site):
    text = client.get(f"{PAGES}?type=networks.NetworkPage&fields=*").content.decode()
    assert "Eurocities" in text
    for hidden in ("Secret draft", "Login only", "Group only", "owner", "locked", "draft_title"):
        assert hidden not in text, hidden


def test_search_never_finds_hidden_pages(client, network_site):
    for words in ["Secret draft", "Login only", "Group only", "Hidden", "Deleted"]:
        assert get_json(client, f"{PAGES}?search={words}")["items"] == [], words
    assert [item["title"] for item in get_json(client, f"{PAGES}?search=Eurocities")["items"]] == ["Eurocities"]


def test_a_signed_in_editor_sees_no_more_than_anyone(editor_client, network_site):
    # Answers are cached for everyone, so a session must not widen them.
    ids = listed_ids(editor_client)
    assert not ids & set(network_site["hidden"].values())
    get_json(editor_client, f"{PAGES}{network_site['hidden']['login_only']}/", status=404)


def test_unpublished_changes_to_a_live_page_stay_out(client, network_site):
    public = network_site["public"]
    public.summary = "DRAFT SUMMARY NOT YET PUBLISHED"
    public.title = "Draft title"
    public.save_revision()
    text = client.get(f"{PAGES}{public.id}/").content.decode() + client.get(f"{PAGES}?search=DRAFT").content.decode()
    assert "DRAFT SUMMARY" not in text
    assert "Draft title" not in text
    assert get_json(client, f"{PAGES}{public.id}/")["summary"] == "Big cities."


def test_unpublishing_removes_a_page(client, network_site):
    public = network_site["public"]
    assert public.id in listed_ids(client)
    public.unpublish()
    assert public.id not in listed_ids(client)
    get_json(client, f"{PAGES}{public.id}/", status=404)


def test_expanding_a_parent_or_the_landing_page_never_shows_hidden_pages(client, network_site):
    under = InformationPage(title="Public child", slug="public-child", introduction="Visible.")
    private = network_site["home"].get_children().get(slug="private-section")
    # A live page whose parent is private is itself private, so it is hidden too.
    private.add_child(instance=under)
    get_json(client, f"{PAGES}{under.id}/", status=404)
    landing = get_json(client, f"{PAGES}{network_site['landing'].id}/?fields=networks,parent")
    assert [card["title"] for card in landing["networks"]] == ["Eurocities"]
    assert landing["meta"]["parent"]["id"] == network_site["home"].id
    network = get_json(client, f"{PAGES}{network_site['public'].id}/?fields=parent")
    assert network["meta"]["parent"]["id"] == network_site["landing"].id


def test_a_network_under_a_private_landing_page_is_hidden(client, network_site):
    PageViewRestriction.objects.create(page=network_site["landing"], restriction_type=PageViewRestriction.LOGIN)
    assert listed_ids(client) == {network_site["home"].id}
    get_json(client, f"{PAGES}{network_site['public'].id}/", status=404)


# --- What a network page and the landing page expose ------------------------


def test_network_detail_has_its_content_and_no_admin_data(client, network_site):
    public = network_site["public"]
    public.website = "https://eurocities.eu"
    public.organisation = "Eurocities secretariat"
    public.leeds_role = "Chair of the culture forum"
    public.body = [
        {"type": "paragraph", "value": '<p>About <b>us</b> and <a href="https://eurocities.eu">more</a>.</p>'}
    ]
    public.logo = wagtail_factories.ImageFactory(title="Eurocities logo file")
    public.logo_alt_text = "Eurocities logo"
    public.key_facts.add(NetworkKeyFactFactory.build(label="Member cities", value="200"))
    public.local_partners.add(NetworkLocalPartner(name="University of Leeds", url="https://leeds.ac.uk"))
    public.themes.set([ThemeFactory(name="Culture", slug="culture"), ThemeFactory(name="Climate", slug="climate")])
    public.save_revision().publish()

    data = get_json(client, f"{PAGES}{public.id}/")
    assert data["summary"] == "Big cities."
    assert "<b>us</b>" in data["body"] and 'href="https://eurocities.eu"' in data["body"]
    assert data["website"] == "https://eurocities.eu"
    assert data["organisation"] == "Eurocities secretariat"
    assert data["leeds_role"] == "Chair of the culture forum"
    assert [(f["label"], f["value"]) for f in data["key_facts"]] == [("Member cities", "200")]
    assert [(p["name"], p["url"]) for p in data["local_partners"]] == [("University of Leeds", "https://leeds.ac.uk")]
    assert data["themes"] == [{"name": "Climate", "slug": "climate"}, {"name": "Culture", "slug": "culture"}]
    assert data["logo"]["alt"] == "Eurocities logo"
    assert data["logo"]["url"].startswith("/media/images/") and ".max-400x400" in data["logo"]["url"]
    assert data["translations"] == []
    text = json.dumps(data)
    assert "original_images" not in text
    for secret in ("owner", "locked_by", "latest_revision", "draft_title", "live_revision", "alias_of", "webeditor"):
        assert secret not in text, secret


def test_a_decorative_logo_has_empty_alt(client, network_site):
    public = network_site["public"]
    public.logo = wagtail_factories.ImageFactory()
    public.logo_decorative = True
    public.save_revision().publish()
    assert get_json(client, f"{PAGES}{public.id}/?fields=logo")["logo"]["alt"] == ""


def test_translations_are_listed_when_live_and_public(client, network_site, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    public = network_site["public"]
    welsh = Locale.objects.create(language_code="cy")
    for ancestor in (network_site["home"], network_site["landing"]):
        ancestor.copy_for_translation(welsh).save_revision().publish()
    translation = public.copy_for_translation(welsh)
    assert get_json(client, f"{PAGES}{public.id}/")["translations"] == []  # a draft translation is not listed
    translation.save_revision().publish()
    [listed] = get_json(client, f"{PAGES}{public.id}/")["translations"]
    assert (listed["id"], listed["locale"]) == (translation.id, "cy")


def test_landing_page_has_its_introduction_and_networks_in_card_order(client, network_site):
    landing = network_site["landing"]
    second = NetworkPageFactory(parent=landing, title="Another network", slug="another")
    second.move(network_site["public"], pos="left")
    data = get_json(client, f"{PAGES}{landing.id}/")
    assert data["introduction"] == "Leeds is a member of these networks."
    assert [card["title"] for card in data["networks"]] == ["Another network", "Eurocities"]
    assert data["networks"][1]["summary"] == "Big cities."
    assert data["networks"][1]["html_url"].endswith("/international/eurocities/")


def test_type_and_fields_list_network_summaries(client, network_site):
    data = get_json(client, f"{PAGES}?type=networks.NetworkPage&fields=summary")
    assert data["meta"]["total_count"] == 1
    [item] = data["items"]
    assert (item["title"], item["summary"], item["meta"]["type"]) == (
        "Eurocities",
        "Big cities.",
        "networks.NetworkPage",
    )


def test_translations_are_asked_for_one_page_at_a_time(client, network_site):
    message = get_json(client, f"{PAGES}?type=networks.NetworkPage&fields=translations", status=400)["message"]
    assert "translations" in message


# --- Images and documents ---------------------------------------------------


@pytest.fixture
def private_collection(db):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Embargoed")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    below = private.add_child(name="Embargoed drafts")
    return private, below


def test_images_show_renditions_never_originals(client, media_root, private_collection):
    public = wagtail_factories.ImageFactory(title="Town hall")
    hidden = [wagtail_factories.ImageFactory(collection=c, title="Embargoed photo") for c in private_collection]
    listing = get_json(client, "/api/v2/images/")
    assert [item["id"] for item in listing["items"]] == [public.id]
    detail = get_json(client, f"/api/v2/images/{public.id}/")
    assert ".max-800x800" in detail["rendition"]["url"]
    assert "original_images" not in json.dumps(listing) + json.dumps(detail)
    assert "download_url" not in json.dumps(detail)
    get_json(client, "/api/v2/images/?fields=download_url", status=400)
    for image in hidden:
        get_json(client, f"/api/v2/images/{image.id}/", status=404)
    assert get_json(client, "/api/v2/images/?search=Embargoed")["items"] == []


def test_documents_in_private_collections_answer_404(editor_client, client, media_root, private_collection):
    public = wagtail_factories.DocumentFactory(title="Annual report")
    hidden = [wagtail_factories.DocumentFactory(collection=c, title="Embargoed report") for c in private_collection]
    for consumer in (client, editor_client):
        listing = get_json(consumer, "/api/v2/documents/")
        assert [item["id"] for item in listing["items"]] == [public.id]
        assert listing["items"][0]["meta"]["download_url"].endswith(public.url)
        for document in hidden:
            get_json(consumer, f"/api/v2/documents/{document.id}/", status=404)
        assert get_json(consumer, "/api/v2/documents/?search=Embargoed")["items"] == []


# --- Bad parameters: 400 with a message, never 500 -------------------------

BAD_QUERIES = [
    "limit=abc",
    "limit=-1",
    "limit=101",
    "limit=99999999999999999999999",
    "offset=-1",
    "offset=abc",
    "offset=99999999999999999999999",
    "offset=1e3",
    "type=nope.Nope",
    "type=auth.User",
    "type=networks.Theme",
    "type=%00",
    "fields=nope",
    "fields=owner",
    "fields=locked_by",
    "fields=latest_revision",
    "fields=draft_title",
    "fields=alias_of",
    "fields=parent(owner)",
    "fields=summary(",
    "fields=%20",
    "type=networks.NetworkPage&fields=key_facts(page)",
    "type=networks.NetworkPage&fields=logo(file)",
    "order=owner",
    "order=-nope",
    "order=title;DROP TABLE wagtailcore_page",
    "order=title__contains",
    "order=,",
    "order=random&offset=1",
    "search=%00",
    "search=" + "a" * 201,
    "search=culture&search_operator=xor",
    "search=culture&order=owner",
    "child_of=abc",
    "child_of=99999999999999999999999",
    "child_of=-5",
    "descendant_of=2147483648",
    "ancestor_of=root",
    "translation_of=abc",
    "id=abc",
    "id=99999999999999999999999",
    "id=%EF%BC%91",  # a full-width digit one: isdigit() but not ASCII
    "first_published_at=garbage",
    "show_in_menus=maybe",
    "title=%00",
    "rich_text_format=bogus",
    "site=nope:notaport",
    "limit=1&limit=2",
    "unknown=1",
    "type=networks.NetworkPage&themes=abc",
    "type=networks.NetworkPage&logo=abc",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_parameters_answer_400_with_a_message(client, network_site, query):
    response = client.get(f"{PAGES}?{query}")
    assert response.status_code == 400, (query, response.status_code, response.content[:300])
    assert response["Content-Type"] == "application/json"
    assert isinstance(response.json()["message"], str) and response.json()["message"]
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("endpoint", ["images", "documents"])
@pytest.mark.parametrize("query", ["limit=abc", "offset=-1", "fields=file", "order=file", "search=%00", "id=abc"])
def test_bad_parameters_on_images_and_documents(client, db, endpoint, query):
    response = client.get(f"/api/v2/{endpoint}/?{query}")
    assert response.status_code == 400, (query, response.content[:300])
    assert response.json()["message"]


def test_the_limit_is_bounded_by_wagtailapi_limit_max(client, network_site, settings):
    settings.WAGTAILAPI_LIMIT_MAX = 1
    assert "higher than 1" in get_json(client, f"{PAGES}?limit=2", status=400)["message"]
    assert len(get_json(client, f"{PAGES}?limit=1")["items"]) == 1


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "*/*", "nonsense"])
def test_the_answer_is_json_whatever_the_client_accepts(client, network_site, accept):
    assert get_json(client, PAGES, Accept=accept)["items"]
    assert get_json(client, f"{PAGES}?format=api")["items"]


def test_an_unknown_api_address_is_a_json_404(client, db):
    assert get_json(client, "/api/v3/pages/", status=404)["message"]
    assert get_json(client, f"{PAGES}999999/", status=404)["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, network_site, method):
    response = getattr(client, method)(PAGES, data="{}", content_type="application/json")
    assert response.status_code == 405
    assert response.json()["message"]


# --- CORS ------------------------------------------------------------------

PARTNER = "https://www.leeds.gov.uk"


def test_cors_is_off_by_default(client, network_site):
    response = client.get(PAGES, headers={"Origin": PARTNER})
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response
    assert "Origin" in response["Vary"]


def test_cors_allows_only_listed_origins(client, network_site, settings):
    settings.API_CORS_ALLOWED_ORIGINS = [PARTNER]
    allowed = client.get(PAGES, headers={"Origin": PARTNER})
    assert allowed["Access-Control-Allow-Origin"] == PARTNER
    assert "Access-Control-Allow-Credentials" not in allowed
    for other in ("https://evil.example", "https://www.leeds.gov.uk.evil.example", "http://www.leeds.gov.uk", "null"):
        refused = client.get(PAGES, headers={"Origin": other})
        assert "Access-Control-Allow-Origin" not in refused, other
    # Pages are not part of the API and never get the header.
    assert "Access-Control-Allow-Origin" not in client.get("/", headers={"Origin": PARTNER})


def test_cors_preflight_allows_reads_only(client, network_site, settings):
    settings.API_CORS_ALLOWED_ORIGINS = [PARTNER]
    ok = client.options(PAGES, headers={"Origin": PARTNER, "Access-Control-Request-Method": "GET"})
    assert ok.status_code == 204
    assert ok["Access-Control-Allow-Origin"] == PARTNER
    assert ok["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    for method in ("POST", "DELETE", "PUT"):
        refused = client.options(PAGES, headers={"Origin": PARTNER, "Access-Control-Request-Method": method})
        assert "Access-Control-Allow-Methods" not in refused, method
    stranger = client.options(PAGES, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"})
    assert "Access-Control-Allow-Origin" not in stranger
    assert "Access-Control-Allow-Methods" not in stranger


def test_a_cached_answer_gets_the_headers_for_the_origin_asking_now(client, network_site, settings):
    settings.API_CORS_ALLOWED_ORIGINS = [PARTNER]
    assert client.get(PAGES, headers={"Origin": PARTNER})["Access-Control-Allow-Origin"] == PARTNER
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(PAGES, headers={"Origin": "https://evil.example"})
    assert len(queries) == 0, "the second request should come from the page cache"
    assert "Access-Control-Allow-Origin" not in cached


# --- Caching ----------------------------------------------------------------


def test_answers_are_publicly_cacheable_and_emptied_on_publish(client, network_site):
    url = f"{PAGES}?type=networks.NetworkPage&fields=summary"
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == first.content
    assert len(queries) == 0
    public = network_site["public"]
    public.summary = "Published just now."
    public.save_revision().publish()
    assert get_json(client, url)["items"][0]["summary"] == "Published just now."


# --- Rate limit -------------------------------------------------------------


def test_each_address_is_rate_limited_with_a_json_429(client, network_site, settings):
    settings.API_RATE_LIMIT = (3, 60)
    settings.PAGECACHE_ENABLED = False
    for _ in range(3):
        assert client.get(PAGES, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get(PAGES, REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert "throttled" in refused.json()["message"].lower()
    assert int(refused["Retry-After"]) > 0
    assert refused["Cache-Control"] == "no-store"
    # Another address is counted on its own.
    assert client.get(PAGES, REMOTE_ADDR="192.0.2.2").status_code == 200


def test_a_forged_forwarded_for_does_not_reset_the_count(client, network_site, settings):
    settings.API_RATE_LIMIT = (2, 60)
    settings.PAGECACHE_ENABLED = False
    settings.TRUSTED_PROXY_COUNT = 1
    codes = [
        client.get(PAGES, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"203.0.113.{i}, 192.0.2.9").status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


def test_the_rate_limit_does_not_fail_open_when_the_cache_is_down(client, network_site, settings, monkeypatch):
    from django.core.cache import cache

    settings.PAGECACHE_ENABLED = False
    # What django-redis does with IGNORE_EXCEPTIONS when Redis is unreachable.
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)
    response = client.get(PAGES)
    assert response.status_code == 503
    assert response.json()["message"]
    assert response["Cache-Control"] == "no-store"


# --- Query count ------------------------------------------------------------


def add_networks(landing, themes, start, count):
    for i in range(start, start + count):
        page = NetworkPageFactory(parent=landing, title=f"Network {i}", slug=f"network-{i}")
        page.logo = wagtail_factories.ImageFactory(title=f"Logo {i}")
        page.key_facts.add(NetworkKeyFactFactory.build())
        page.local_partners.add(NetworkLocalPartner(name=f"Partner {i}"))
        page.themes.set([themes[i % len(themes)], themes[0]])
        page.save_revision().publish()


def api_queries(client, url):
    assert client.get(url).status_code == 200  # renditions are made on the first request
    with CaptureQueriesContext(connection) as queries:
        data = get_json(client, url)
    return len(queries), data


def test_listing_query_count_is_fixed_however_many_networks(client, site_pages, media_root, settings):
    settings.PAGECACHE_ENABLED = False
    _, landing = site_pages
    themes = [ThemeFactory(name=f"Theme {i}", slug=f"theme-{i}") for i in range(3)]
    fields = "summary,body,website,organisation,leeds_role,key_facts,local_partners,themes,logo"
    urls = [
        f"{PAGES}?type=networks.NetworkPage&fields={fields}&limit=100",
        f"{PAGES}?type=networks.NetworkPage&fields=summary&limit=100",
        f"{PAGES}{landing.id}/",
        f"{PAGES}?limit=100",
        "/api/v2/images/?limit=100",
    ]
    add_networks(landing, themes, 0, 5)
    with_5 = {url: api_queries(client, url) for url in urls}
    add_networks(landing, themes, 5, 45)
    with_50 = {url: api_queries(client, url) for url in urls}
    assert len(with_50[urls[0]][1]["items"]) == 50
    assert len(with_50[urls[2]][1]["networks"]) == 50
    for url in urls:
        assert with_50[url][0] == with_5[url][0], f"{url}: {with_5[url][0]} queries with 5, {with_50[url][0]} with 50"
