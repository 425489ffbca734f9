"""Queries compiled once per process read what the ORM reads (core/fixedquery.py, issue 10).

An uncached page reads its specific page, and a network page its key facts
and local partners, through SQL the ORM compiled once. They must give the
same rows, in the same order, as the querysets they stand for, follow an
editor's publish at once, and leave previews showing the editor's unsaved rows.
Rows kept per cache generation must never outlive a save, nor be changed by
one request for another.
"""

import gc
import re

import pytest
from django.db import connection, transaction
from django.db.models.functions import Upper
from django.db.models.sql.compiler import SQLCompiler
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset

from core import fixedquery, memo
from home.models import HomePage
from networks.models import KEY_FACTS, LOCAL_PARTNERS, NetworkKeyFact, NetworkPage
from pagecache.signals import is_watched
from standardpages.models import InformationPage
from tests.editorial import make_superuser, network_form, signed_in_client


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    settings.PAGECACHE_ENABLED = False


def field_values(page):
    return {field.attname: getattr(page, field.attname) for field in page._meta.concrete_fields}


def test_every_page_type_reads_as_wagtails_specific(seeded_translated):
    pages = Page.objects.filter(depth__gt=1)
    assert {type(page.specific).__name__ for page in pages} >= {
        "HomePage",
        "InternationalStrategyPage",
        "NetworkPage",
        "InformationPage",
    }
    for page in pages:
        base = Page.objects.get(pk=page.pk)
        base.marked_while_routing = "kept"
        found = fixedquery.specific(base)
        expected = Page.objects.get(pk=page.pk).specific
        assert type(found) is type(expected), page.url_path
        assert field_values(found) == field_values(expected), page.url_path
        assert found.marked_while_routing == "kept"
        assert found._state.adding is False and found._state.db == "default"


def test_a_page_already_of_its_type_is_returned_as_it_is(seeded):
    network = NetworkPage.objects.live().first()
    assert fixedquery.specific(network) is network


def test_key_facts_and_partners_come_in_the_editors_order(seeded_translated):
    networks = NetworkPage.objects.all()
    assert any(network.key_facts.count() > 1 for network in networks)
    assert any(network.local_partners.count() > 1 for network in networks)
    for network in networks:
        for relation, query in (("key_facts", KEY_FACTS), ("local_partners", LOCAL_PARTNERS)):
            expected = [model_to_dict(row) for row in getattr(network, relation).all()]
            assert [model_to_dict(row) for row in fixedquery.children(network, relation, query)] == expected


def test_compiled_once_then_run_with_each_pages_id(seeded, monkeypatch):
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return as_sql(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    query = fixedquery.FixedQuery(lambda page_id: NetworkKeyFact.objects.filter(page_id=page_id))
    networks = list(NetworkPage.objects.all())
    compiled.clear()
    for network in networks:
        assert query(network.pk) == list(network.key_facts.all())
    # The ORM's own read for each page, and one compile of the fixed query.
    assert compiled.count(NetworkKeyFact) == len(networks) + 1
    compiled.clear()
    for network in networks:
        query(network.pk)
    assert compiled == []


def test_a_query_whose_parameters_compile_out_of_order_is_refused(seeded):
    out_of_order = fixedquery.FixedQuery(
        lambda page_id, order: NetworkKeyFact.objects.filter(sort_order=order).filter(page_id=page_id), arity=2
    )
    with pytest.raises(ValueError, match="not one each in order"):
        out_of_order(1, 0)
    with pytest.raises(TypeError):
        KEY_FACTS(1, 2)


def test_only_a_plain_query_of_one_models_columns_is_fixed(seeded):
    # The rows are read column by column into the model: anything else in the
    # SELECT (a joined model, an annotation) would shift the values.
    page_id = NetworkPage.objects.first().pk
    joined = fixedquery.FixedQuery(lambda pk: NetworkKeyFact.objects.select_related("page").filter(page_id=pk))
    annotated = fixedquery.FixedQuery(
        lambda pk: NetworkKeyFact.objects.annotate(shouted=Upper("label")).filter(page_id=pk)
    )
    for query in (joined, annotated):
        with pytest.raises(ValueError, match="only a plain query"):
            query(page_id)


def test_a_published_key_fact_and_partner_show_on_the_next_request(client, seeded):
    network = NetworkPage.objects.live().filter(key_facts__isnull=False).distinct().first()
    assert "Fact added by the editor" not in client.get(network.url).content.decode()
    network.key_facts.create(label="Fact added by the editor", value="1986", sort_order=-1)
    network.local_partners.create(name="Partner added by the editor", url="", sort_order=99)
    network.save_revision().publish()
    html = client.get(network.url).content.decode()
    facts = html[html.index('id="key-facts-heading"') : html.index("</dl>", html.index('id="key-facts-heading"'))]
    saved = NetworkPage.objects.get(pk=network.pk).key_facts.all()
    assert "Fact added by the editor" in [fact.label for fact in saved]
    assert re.findall(r"<dt>([^<]*)</dt>", facts) == [fact.label for fact in saved]
    assert "Partner added by the editor" in html


def test_a_preview_shows_the_editors_unsaved_key_facts_and_partners(client, seeded):
    network = NetworkPage.objects.live().first()
    editor = signed_in_client(make_superuser("previewer"))
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[network.pk])
    data = network_form(
        network,
        key_facts=inline_formset([{"label": "Unsaved fact", "value": "42"}]),
        local_partners=inline_formset([{"name": "Unsaved partner", "url": ""}]),
    )
    assert editor.post(preview, data).json()["is_valid"]
    html = editor.get(preview, {"mode": ""}).content.decode()
    assert "Unsaved fact" in html and "Unsaved partner" in html
    public = client.get(network.url).content.decode()
    assert "Unsaved fact" not in public and "Unsaved partner" not in public


# Kept rows: read once per cache generation (core/fixedquery.py)


def key_fact_reads(queries):
    return sum(1 for query in queries.captured_queries if NetworkKeyFact._meta.db_table in query["sql"])


def test_kept_rows_are_read_once_per_generation_and_again_after_any_save(seeded):
    network = NetworkPage.objects.live().filter(key_facts__isnull=False).distinct().first()
    with CaptureQueriesContext(connection) as queries:
        first = KEY_FACTS(network.pk)
        again = KEY_FACTS(network.pk)
    assert key_fact_reads(queries) == 1
    assert [model_to_dict(row) for row in again] == [model_to_dict(row) for row in first]
    # A save anywhere on the site starts a new generation (pagecache/signals.py).
    other = NetworkPage.objects.exclude(pk=network.pk).first()
    other.save_revision().publish()
    with CaptureQueriesContext(connection) as queries:
        KEY_FACTS(network.pk)
    assert key_fact_reads(queries) == 1


def test_each_caller_gets_its_own_instances_of_a_kept_row(seeded):
    network = NetworkPage.objects.live().first()
    first = fixedquery.get(NetworkPage, network.pk)
    first.title = "Changed by one request"
    original = first.body[0].value.source
    first.body[0].value.source = "<p>Changed in place</p>"
    first.themes_cache = "marked"
    second = fixedquery.get(NetworkPage, network.pk)
    assert second is not first
    assert second.title == network.title
    assert second.body[0].value.source == original
    assert not hasattr(second, "themes_cache")


def test_rows_holding_a_value_a_caller_could_change_are_not_kept(seeded, monkeypatch):
    # Strings count as changeable here, to stand for a list or dict a driver might return.
    monkeypatch.setattr(fixedquery, "_IMMUTABLE", (int,))
    network = NetworkPage.objects.live().filter(key_facts__isnull=False).distinct().first()
    with CaptureQueriesContext(connection) as queries:
        KEY_FACTS(network.pk)
        KEY_FACTS(network.pk)
    assert key_fact_reads(queries) == 2


def test_past_the_size_limit_rows_are_read_each_time(seeded, monkeypatch):
    first, second = NetworkPage.objects.live()[:2]

    def reads():
        memo.forget()
        with CaptureQueriesContext(connection) as queries:
            for network in (first, second, first, second):
                KEY_FACTS(network.pk)
        return key_fact_reads(queries)

    assert reads() == 2
    # No room: every read goes to the database.
    monkeypatch.setattr(fixedquery, "MAX_KEPT_BYTES", 0)
    assert reads() == 4
    kept = memo.per_generation("fixed_query_rows", fixedquery.KeptResults)
    assert kept.size == 0 and not kept


def test_only_rows_whose_every_save_starts_a_new_generation_are_kept(client, seeded_translated):
    # Every page type is read once, so each model's kept query exists.
    for page in Page.objects.live().specific():
        client.get(page.url)
    # type(), not isinstance: isinstance would wake lazy objects (the admin site) gc also holds.
    kept = [query for query in gc.get_objects() if type(query) is fixedquery.FixedQuery and query.keep]
    models = {query.build(*fixedquery._STAND_INS[: query.arity]).model for query in kept}
    assert {NetworkKeyFact, HomePage, NetworkPage, InformationPage} <= models
    assert all(is_watched(model) for model in models), [m for m in models if not is_watched(m)]


def test_rows_read_inside_a_transaction_that_rolls_back_are_not_kept(seeded):
    network = NetworkPage.objects.live().filter(key_facts__isnull=False).distinct().first()
    before = [fact.label for fact in KEY_FACTS(network.pk)]
    with pytest.raises(RuntimeError), transaction.atomic():
        NetworkKeyFact.objects.create(page=network, label="Saved, then rolled back", value="0", sort_order=99)
        # The save started a new generation; these rows are this transaction's own.
        assert "Saved, then rolled back" in [fact.label for fact in KEY_FACTS(network.pk)]
        raise RuntimeError("the request failed after the save")
    assert [fact.label for fact in KEY_FACTS(network.pk)] == before
