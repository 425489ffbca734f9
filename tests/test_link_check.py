"""The broken-link report: `check_links` fetches every external link on live pages and the dashboard
lists the broken ones with the pages to fix (issue 13, item 4). Only servers on 127.0.0.1 are contacted."""

import datetime
import io
import socket
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from linkcheck import fetch
from linkcheck.models import LinkCheck
from networks.models import NetworkLocalPartner, NetworkPage
from tests.editorial import edit_url, make_approver, make_editor, published_network, signed_in_client
from tests.link_servers import Handler

pytestmark = pytest.mark.usefixtures("only_loopback")


def rich_text_links(*urls):
    links = "".join(f'<p>See <a href="{url}">this</a>.</p>' for url in urls)
    return [{"type": "paragraph", "value": links}]


@pytest.fixture
def pages_with_links(site_pages, link_servers):
    """A network page linking to each kind of server, in rich text, its website field and a local partner."""
    _, landing = site_pages
    network = published_network(
        landing,
        title="Eurocities",
        slug="eurocities",
        body=rich_text_links(link_servers.url("/missing"), link_servers.hanging, link_servers.url("/ok-no-head")),
    )
    NetworkLocalPartner.objects.create(page=network, name="Refuser", url=link_servers.refusing, sort_order=0)
    network.save_revision().publish()
    # The test servers speak http, which the form would refuse: written straight to the live row.
    NetworkPage.objects.filter(pk=network.pk).update(website=link_servers.url("/ok/website"))
    network.refresh_from_db()
    other = published_network(
        landing, title="Culture Next", slug="culture-next", body=rich_text_links(link_servers.url("/missing"))
    )
    draft = published_network(landing, title="Draft only", slug="draft-only")
    draft.unpublish()
    draft.body = rich_text_links(link_servers.url("/in-an-unpublished-page"))
    draft.save_revision()
    return network, other


def run_check(**options):
    out = io.StringIO()
    call_command("check_links", "--timeout", "1", stdout=out, **options)
    return out.getvalue()


def test_check_links_records_which_links_work_and_where_they_are_used(pages_with_links, link_servers, only_loopback):
    network, other = pages_with_links
    started = time.monotonic()
    output = run_check()
    # The silent server costs one timeout, not one per attempt or per method.
    assert time.monotonic() - started < 5

    checks = {check.url: check for check in LinkCheck.objects.prefetch_related("pages")}
    assert set(checks) == {
        link_servers.url("/ok/website"),
        link_servers.url("/missing"),
        link_servers.hanging,
        link_servers.url("/ok-no-head"),
        link_servers.refusing,
    }
    assert checks[link_servers.url("/ok/website")].ok
    assert checks[link_servers.url("/ok-no-head")].ok  # HEAD refused (405), GET works
    missing = checks[link_servers.url("/missing")]
    assert (missing.ok, missing.status) == (False, 404)
    assert {page.pk for page in missing.pages.all()} == {network.pk, other.pk}
    assert checks[link_servers.hanging].error == "No answer in time (the site may be down or very slow)"
    assert checks[link_servers.refusing].error == "The site refused the connection"
    assert "Checked 5 links: 3 broken." in output
    assert only_loopback == []


def test_requests_are_polite(pages_with_links, link_servers):
    run_check()
    methods = [(method, path) for method, path, _agent in Handler.seen]
    assert ("HEAD", "/ok/website") in methods and ("GET", "/ok/website") not in methods
    assert ("HEAD", "/ok-no-head") in methods and ("GET", "/ok-no-head") in methods
    agents = {agent for _method, _path, agent in Handler.seen}
    assert len(agents) == 1
    assert agents.pop().startswith("LeedsNetworksLinkChecker/1.0 (+")


def test_redirects_are_followed_only_so_far(site_pages, link_servers):
    _, landing = site_pages
    published_network(landing, title="Loop", slug="loop", body=rich_text_links(link_servers.url("/loop")))
    run_check()
    check = LinkCheck.objects.get()
    assert not check.ok
    assert check.error == "Too many redirects"
    assert len([path for method, path, _ in Handler.seen if method == "HEAD"]) <= 6


def test_a_fixed_link_leaves_the_report_on_the_next_check(pages_with_links, link_servers):
    network, other = pages_with_links
    run_check()
    other.body = rich_text_links(link_servers.url("/ok/fixed"))
    other.save_revision().publish()
    # Its website is the http test server, which publishing would refuse: the live row directly.
    NetworkPage.objects.filter(pk=network.pk).update(body=rich_text_links(link_servers.url("/ok/also-fixed")))
    run_check()
    assert not LinkCheck.objects.filter(url=link_servers.url("/missing")).exists()


@pytest.mark.parametrize("make_user", [make_editor, make_approver])
def test_dashboard_panel_lists_broken_links_with_the_pages_to_edit(pages_with_links, link_servers, make_user):
    network, other = pages_with_links
    run_check()
    html = signed_in_client(make_user()).get(reverse("wagtailadmin_home")).content.decode()
    assert "Broken links" in html
    assert link_servers.url("/missing") in html
    assert "The site answered 404" in html
    assert f'<a href="{edit_url(network)}">Edit “Eurocities”</a>' in html
    assert f'<a href="{edit_url(other)}">Edit “Culture Next”</a>' in html
    assert link_servers.url("/ok/website") not in html


@pytest.fixture
def footer_and_alerts_with_links(site_pages, link_servers):
    """A footer link and a published alert's link, both broken; an ended alert and a draft one that are not shown."""
    from wagtail.models import Locale

    from alerts.models import Alert
    from home.models import Footer, FooterLink

    footer = Footer.objects.filter(locale=Locale.get_default()).first() or Footer.objects.create(
        locale=Locale.get_default()
    )
    # The test servers speak http, which the forms would refuse: written straight to the rows.
    FooterLink.objects.create(footer=footer, text="Council", url=link_servers.url("/missing/footer"), sort_order=9)
    now = timezone.now()
    shown = Alert.objects.create(
        message="The Civic Hall is closed on Friday.",
        link_url=link_servers.url("/missing/alert"),
        link_text="Read about the closure",
        starts_at=now,
        ends_at=now + datetime.timedelta(days=1),
    )
    Alert.objects.create(
        message="Over.",
        link_url=link_servers.url("/missing/ended-alert"),
        starts_at=now - datetime.timedelta(days=2),
        ends_at=now - datetime.timedelta(days=1),
    )
    Alert.objects.create(
        message="Not published.",
        live=False,
        link_url=link_servers.url("/missing/draft-alert"),
        starts_at=now,
        ends_at=now + datetime.timedelta(days=1),
    )
    return footer, shown


def test_links_in_the_footer_and_a_shown_alert_are_checked_and_named(footer_and_alerts_with_links, link_servers):
    footer, alert = footer_and_alerts_with_links
    output = run_check()
    checks = {check.url: check for check in LinkCheck.objects.all()}
    assert set(checks) == {link_servers.url("/missing/footer"), link_servers.url("/missing/alert")}
    assert checks[link_servers.url("/missing/footer")].used_elsewhere == [["home.footer", footer.pk]]
    assert checks[link_servers.url("/missing/alert")].used_elsewhere == [["alerts.alert", alert.pk]]
    assert "Checked 2 links: 2 broken." in output

    # An approver is taken to each; an editor, who may not change the footer, is told who can.
    approver = signed_in_client(make_approver())
    dashboard = approver.get(reverse("wagtailadmin_home")).content.decode()
    footer_edit = reverse("wagtailsnippets_home_footer:edit", args=[footer.pk])
    alert_edit = reverse("wagtailsnippets_alerts_alert:edit", args=[alert.pk])
    assert f'<a href="{footer_edit}">Edit “Footer (English)”</a>' in dashboard
    assert f'<a href="{alert_edit}">Edit “The Civic Hall is closed on Friday.”</a>' in dashboard
    report = approver.get(reverse("linkcheck_report")).content.decode()
    assert f'<a href="{footer_edit}">Edit “Footer (English)”</a>' in report
    editor = signed_in_client(make_editor()).get(reverse("linkcheck_report")).content.decode()
    assert footer_edit not in editor and "“Footer (English)” (ask an approver to change it)" in editor


def test_a_fixed_footer_link_and_a_deleted_alert_leave_the_report(footer_and_alerts_with_links, link_servers):
    footer, alert = footer_and_alerts_with_links
    run_check()
    footer.links.filter(url=link_servers.url("/missing/footer")).update(url=link_servers.url("/ok/footer"))
    alert.delete()
    # Deleted before the next check: the report leaves it out rather than failing.
    html = signed_in_client(make_approver()).get(reverse("linkcheck_report")).content.decode()
    assert "The Civic Hall is closed" not in html and "Footer (English)" in html
    run_check()
    assert {check.url: check.ok for check in LinkCheck.objects.all()} == {link_servers.url("/ok/footer"): True}


def test_no_panel_when_nothing_is_broken(site_pages):
    html = signed_in_client(make_editor()).get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="broken-links' not in html


def test_report_lists_every_broken_link(pages_with_links, link_servers):
    run_check()
    response = signed_in_client(make_editor()).get(reverse("linkcheck_report"))
    assert response.status_code == 200
    html = response.content.decode()
    assert link_servers.refusing in html
    assert "The site refused the connection" in html
    assert link_servers.url("/ok-no-head") not in html


# Editors' links are fetched from inside the council's network: never to a private address.


@pytest.fixture
def intranet_name(monkeypatch):
    """``intranet.example.test`` looks up as 10.0.0.5, a private address; other names as before."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "intranet.example.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", port))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def test_private_addresses_are_never_fetched(link_servers, only_loopback, settings):
    settings.LINKCHECK_ALLOWED_NETWORKS = []
    for url in [link_servers.url("/ok"), link_servers.url("/ok").replace("127.0.0.1", "localhost")]:
        result = fetch.check(url, user_agent="test", timeout=1)
        assert not result.ok
        assert result.error == "Not checked: the address is on a private or internal network"
    assert Handler.seen == []  # no request reached the server
    assert only_loopback == []  # and no connection was tried anywhere else


def test_a_name_that_looks_up_as_a_private_address_is_refused_before_connecting(intranet_name, only_loopback):
    result = fetch.check("http://intranet.example.test/admin", user_agent="test", timeout=1)
    assert result.error == "Not checked: the address is on a private or internal network"
    assert only_loopback == []


def test_a_redirect_to_a_private_address_is_not_followed(link_servers, intranet_name, only_loopback):
    result = fetch.check(link_servers.url("/to-intranet"), user_agent="test", timeout=1)
    assert not result.ok
    assert result.error == "Not checked: the address is on a private or internal network"
    assert only_loopback == []
    assert [path for _, path, _ in Handler.seen] == ["/to-intranet"]  # HEAD refused at the redirect; no GET after


def test_through_a_proxy_the_address_asked_for_is_checked_first(intranet_name, only_loopback, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9/")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    result = fetch.check("http://intranet.example.test/admin", user_agent="test", timeout=1)
    assert result.error == "Not checked: the address is on a private or internal network"
    assert only_loopback == []
