"""Queries every uncached page runs, compiled to SQL once per process.

Django builds a queryset's SQL afresh each time it runs: resolving lookups,
ordering and columns cost more than sending the query and reading its rows
(about 1.6 million instructions of a network page's 23 per query, issue 10).
The few queries of a fixed shape that every uncached page runs (its specific
page, a network's key facts and local partners) are compiled by the ORM once,
with stand-in parameters. Compiling also gives what the ORM would read the
rows with: the columns' order and each field's converters. Each run then sends
the SQL through Django's cursor (query logging and the database deadline
apply) and builds instances with ``Model.from_db``, as a queryset does. The
SQL stays whatever the ORM writes for the model's fields and the database in
use, so a new field or a move to PostgreSQL needs nothing here.

The rows themselves are kept too, per page-cache generation (core/memo.py),
for queries made with ``keep=True``: a page's own rows change only when
someone saves that page or its inline rows, and every such save starts a new
generation (pagecache/signals.py; ``tests/test_fixed_queries.py`` checks each
kept query's model is one the page cache watches). What is kept is the
database's own values, as the driver returns them: strings, numbers, dates.
Each run converts them and builds new instances, so a caller that changes its
page (a StreamField it walks, a field it sets) changes nothing another
request sees. A row holding anything else (a list, a dict, a buffer) is not
kept. Without kept rows an uncached network page spent a third of its time
on three round trips whose answers had not changed (issue 10).
"""

import datetime
import decimal
import uuid

from django.db import connections, router

from core import memo

# Stand-ins for the parameters while compiling: numbers no real id takes.
_STAND_INS = (-730_001, -730_002, -730_003)
# Bytes of values kept per process and generation, over all kept queries,
# counting each string by its length: the seeded site's 32 pages hold 44 KB,
# so this holds tens of thousands of pages; past it, rows are read afresh.
MAX_KEPT_BYTES = 32 * 1024 * 1024
# Values a kept row may hold: no caller can change them in place.
_IMMUTABLE = (
    str,
    int,
    float,
    bool,
    bytes,
    decimal.Decimal,
    uuid.UUID,
    datetime.date,
    datetime.time,
    datetime.timedelta,
)


class FixedQuery:
    """``build(*params)`` is a queryset whose SQL depends on its parameters' values only.

    Called with real parameters, returns the rows ``list(build(*params))``
    would, in the same order, as model instances, without compiling again.
    """

    def __init__(self, build, arity=1, keep=False):
        self.build = build
        self.arity = arity
        self.keep = keep
        self.model = None
        self._compiled = {}

    def sql(self, using):
        """(model, SQL) for database ``using``, compiled on first use."""
        return self.compiled(using)[:2]

    def compiled(self, using):
        """(model, SQL, field names, converters, columns), compiled on first use for database ``using``."""
        key = (using, connections[using].vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            # Threads that compile at once write the same; setdefault keeps one.
            compiled = self._compiled.setdefault(key, self._compile(using))
        return compiled

    def _compile(self, using):
        stand_ins = _STAND_INS[: self.arity]
        queryset = self.build(*stand_ins)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        if tuple(params) != stand_ins:
            # The SQL would not take the parameters in the order given (or
            # inlines one): refuse rather than run it with the wrong values.
            raise ValueError(f"{queryset.model.__name__}: parameters compile to {params!r}, not one each in order")
        columns = [column for column, _sql, _alias in compiler.select]
        info = compiler.klass_info
        plain = info and info["model"] is queryset.model and not info.get("related_klass_infos")
        if not plain or info["select_fields"] != list(range(len(columns))) or compiler.has_composite_fields(columns):
            # Only a model's own columns, in order: no select_related, annotations or composite keys.
            raise ValueError(f"{queryset.model.__name__}: only a plain query of one model's columns can be fixed")
        names = tuple(column.target.attname for column in columns)
        converters = tuple(
            (position, tuple(found)) for position, (found, _col) in compiler.get_converters(columns).items()
        )
        return queryset.model, sql, names, converters, columns

    def __call__(self, *params):
        if len(params) != self.arity:
            raise TypeError(f"expected {self.arity} parameters, got {len(params)}")
        if self.model is None:
            self.model = self.build(*_STAND_INS[: self.arity]).model
        using = router.db_for_read(self.model)
        model, sql, names, converters, columns = self.compiled(using)
        connection = connections[using]
        rows = self._rows(connection, sql, params) if self.keep else self._read(connection, sql, params)
        found = []
        for row in rows:
            if converters:
                row = list(row)
                for position, functions in converters:
                    for convert in functions:
                        row[position] = convert(row[position], columns[position], connection)
            found.append(model.from_db(using, names, row))
        return found

    @staticmethod
    def _read(connection, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def _rows(self, connection, sql, params):
        """The raw rows for ``params``, read once per generation (module docstring)."""
        kept = memo.per_generation("fixed_query_rows", KeptResults)
        key = (self, connection.alias, params)
        rows = kept.get(key)
        if rows is None:
            # Read after the generation (memo.per_generation): never older than it.
            rows = tuple(self._read(connection, sql, params))
            if all(map(_is_immutable, rows)):
                kept.keep(key, rows)
        return rows


class KeptResults(dict):
    """Rows by (query, database, parameters), and roughly how many bytes they hold."""

    size = 0

    def keep(self, key, rows):
        # The key and the tuples cost something even for no rows.
        size = 100 + sum(len(value) if isinstance(value, (str, bytes)) else 8 for row in rows for value in row)
        # Threads may both pass this check at once: the cap is approximate, by a row or two.
        if self.size + size <= MAX_KEPT_BYTES and memo.may_keep():
            self[key] = rows
            self.size += size


def _is_immutable(row):
    return all(value is None or isinstance(value, _IMMUTABLE) for value in row)


_by_model = {}


def _by_pk(model):
    query = _by_model.get(model)
    if query is None:
        query = _by_model.setdefault(
            model, FixedQuery(lambda pk: model._default_manager.filter(pk=pk).order_by(), keep=True)
        )
    return query


def get(model, pk):
    """The ``model`` instance with primary key ``pk``, or None, by a kept compiled query.

    For page types only: their rows are kept until the next save, which the
    page cache watches (module docstring).
    """
    rows = _by_pk(model)(pk)
    return rows[0] if rows else None


def specific(page):
    """``page.specific`` (Wagtail's ``get_specific``): the page as its own type, read in one compiled query.

    Like Wagtail, attributes already set on ``page`` that the specific page
    lacks (a cached parent, marks set while routing) are carried over, and
    a page that is already its own type, or whose type is gone, is returned as is.
    """
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page
    found = get(model, page.pk)
    if found is None:
        raise model.DoesNotExist(f"{model.__name__} {page.pk} is gone")
    for name, value in page.__dict__.items():
        found.__dict__.setdefault(name, value)
    return found


def children(page, relation, query):
    """``list(getattr(page, relation).all())`` for a page's inline rows (key facts, partners…), by ``query``.

    ``query`` is a FixedQuery taking the page's id. A page built from a
    revision (a preview, a draft being compared) holds its rows in memory,
    where the editor's unsaved changes are (modelcluster's
    ``_cluster_related_objects``); those are returned as they are.
    """
    if page.pk is None or relation in page.__dict__.get("_cluster_related_objects", {}):
        return list(getattr(page, relation).all())
    return query(page.pk)
