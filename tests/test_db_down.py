"""With the database unreachable, visitors get a static, friendly 503 page, and the site comes back by itself.

"Unreachable" is real: the connection is swapped for one to a PostgreSQL port
where nothing listens, so psycopg fails to connect exactly as it does when the
server is down. Then the real connection is put back: the database "returns".
The full-process version (gunicorn, a database that goes away and comes back
through a TCP relay) is in test_health.py.
"""

import logging

from django.test import RequestFactory
from django.test.utils import override_settings

from core.unavailable import database_unavailable_response
from tests.ops_support import unreachable_database

PUBLIC_PATHS = [
    "/",
    "/international/",
    "/international/?theme=climate",
    "/international/eurocities/",
    "/search/?q=climate",
    "/sitemap.xml",
    "/no-such-page/",
]


def assert_unavailable_page(response, public=True):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<h1>Sorry, the site is unavailable</h1>" in html
    assert "Please try again in a few minutes" in html
    # In the site's design: its stylesheet, header, skip link and footer.
    assert "css/site.css" in html
    assert 'class="site-header"' in html
    assert 'href="#main-content" class="skip-link"' in html
    assert "Traceback" not in html
    assert "OperationalError" not in html
    # The usual headers still apply to the error page.
    policy = response["Content-Security-Policy"]
    assert ("default-src 'none'" in policy) if public else ("frame-ancestors 'self'" in policy)


def test_public_pages_answer_503_while_the_database_is_down_and_recover(seeded, visitor):
    # Nothing is in the page cache yet (pages it already holds keep being
    # served through an outage, which is the point of it).
    with unreachable_database():
        for path in PUBLIC_PATHS:
            assert_unavailable_page(visitor.get(path))

    # Back again: the very next requests are served normally, nothing to reset.
    for path in PUBLIC_PATHS:
        assert visitor.get(path).status_code == (404 if path == "/no-such-page/" else 200), path
    assert "<h1>Eurocities</h1>" in visitor.get("/international/eurocities/").content.decode()


def test_a_signed_in_editor_gets_the_same_page(seeded, visitor):
    """A session cookie makes middleware (sessions, two-factor) query before any view runs."""
    visitor.cookies["sessionid"] = "a" * 32
    with unreachable_database():
        assert_unavailable_page(visitor.get("/admin/"), public=False)
        assert_unavailable_page(visitor.get("/international/"))


def test_a_form_post_gets_the_same_page(seeded, visitor):
    with unreachable_database():
        assert_unavailable_page(visitor.post("/international/eurocities/", {"anything": "x"}))


def test_the_unavailable_page_needs_no_database(django_db_blocker):
    """Rendered with every database access blocked: any query would raise."""
    from django.db import OperationalError

    request = RequestFactory().get("/international/")
    with django_db_blocker.block():
        response = database_unavailable_response(request, OperationalError("connection refused"))
    assert_unavailable_page_body(response)


def assert_unavailable_page_body(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert "<h1>Sorry, the site is unavailable</h1>" in response.content.decode()


@override_settings(DATABASE_UNAVAILABLE_RETRY_AFTER=30)
def test_retry_after_comes_from_settings(seeded, visitor):
    with unreachable_database():
        assert visitor.get("/").headers["Retry-After"] == "30"


def test_other_errors_are_not_disguised_as_an_outage(seeded, visitor, monkeypatch):
    """Only a database that cannot be reached gets the 503: a bug is still a 500."""
    from networks.models import NetworkPage

    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(NetworkPage, "get_context", broken)
    response = visitor.get("/international/eurocities/")
    assert response.status_code == 500
    assert "Retry-After" not in response


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


def test_the_outage_is_logged_as_an_error(seeded, visitor):
    handler = Collect()
    logger = logging.getLogger("core.unavailable")
    logger.addHandler(handler)
    try:
        with unreachable_database():
            visitor.get("/international/")
    finally:
        logger.removeHandler(handler)
    records = handler.records
    assert records and records[0].levelname == "ERROR"
    assert "/international/" in records[0].getMessage()
    assert records[0].error == "OperationalError"


def test_handler500_turns_an_outage_raised_in_middleware_into_the_503(db, django_db_blocker):
    """Errors raised by middleware never reach process_exception; Django calls handler500 with them."""
    from django.db import InterfaceError

    from core.views import server_error

    request = RequestFactory().get("/international/")
    with django_db_blocker.block():
        try:
            raise InterfaceError("connection already closed")
        except InterfaceError:
            response = server_error(request)
    assert_unavailable_page_body(response)

    try:
        raise KeyError("a bug")
    except KeyError:
        response = server_error(request)
    assert response.status_code == 500
