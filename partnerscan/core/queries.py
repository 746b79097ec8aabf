"""Query shapes that keep a query's cost to the rows it asks for, whatever else a table holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Model, QuerySet
from django.db.models.lookups import In
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)


class InArray(In):
    """`column IN (subquery)`, written for PostgreSQL as `column = ANY(ARRAY(subquery))`.

    PostgreSQL plans `IN (subquery)` (and the join Django writes for `response__assessment=`)
    as a join, and from a few hundred rows on prefers hashing them against a scan of the
    whole table: reading one round's answers then costs as much as the biggest round in the
    database. An `ARRAY(subquery)` is computed once, before the scan, and its values are looked
    up in the index, so the cost follows the subquery's rows. Other databases get plain `IN`.
    """

    def get_rhs_op(self, connection: BaseDatabaseWrapper, rhs: str) -> Any:
        if connection.vendor == "postgresql" and not self.rhs_is_direct_value():
            return f"= ANY(ARRAY{rhs})"
        return super().get_rhs_op(connection, rhs)


def among(column: str, subquery: QuerySet[Any]) -> InArray:
    """A filter: `column` is one of the values `subquery` selects (one column)."""
    return InArray(F(column), subquery)


class OneRow(Generic[M]):
    """A look-up of at most one row by one value, with its SQL compiled once per process.

    Django compiles a queryset's SQL again on every evaluation; for the busiest look-up of all
    (the respondent's response, on every autosave) that is most of its cost. `OneRow` compiles
    `make(value)` once with a stand-in value, then sends the same SQL with the real value and
    turns the row into model instances as Django's own model iterable does: the database
    converters of every column, then the model and its `select_related` relations. The
    queryset must select rows by that one value only, so the stand-in is the SQL's only
    parameter; anything else is refused when it is compiled."""

    STAND_IN = "\x00one-row\x00"

    def __init__(self, make: Callable[[str], QuerySet[M]]) -> None:
        self.make = make
        self.compiled: _Compiled | None = None  # on the first look-up: Django is set up then

    def get(self, value: str) -> M | None:
        compiled = self.compiled
        if compiled is None:
            compiled = self.compiled = _Compiled(self.make(self.STAND_IN)[:1])
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, (value,))
            row = cursor.fetchone()
        return None if row is None else compiled.instance(row)


class _Compiled:
    def __init__(self, queryset: QuerySet[Any]) -> None:
        alias = queryset.db
        if alias != connection.alias:
            raise ValueError(f"OneRow reads the default database, not {alias!r}")
        compiler = queryset.query.get_compiler(using=alias)
        self.sql, params = compiler.as_sql()
        if list(params) != [OneRow.STAND_IN]:
            raise ValueError(f"OneRow needs the looked-up value as the only parameter: {params}")
        select, klass_info = compiler.select, compiler.klass_info
        if klass_info is None or compiler.annotation_col_map:
            raise ValueError("OneRow reads model rows without annotations")
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.alias, self.model = alias, klass_info["model"]
        self.names = [column[0].target.attname for column in select[self.start : self.end]]
        # django-stubs describes a later Django, whose populators take a fetch mode too.
        self.related = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]
        self.compiler = compiler
        self.converters = compiler.get_converters([column[0] for column in select])

    def instance(self, row: tuple[Any, ...]) -> Any:
        if self.converters:
            row = next(iter(self.compiler.apply_converters([row], self.converters)))
        found = self.model.from_db(self.alias, self.names, row[self.start : self.end])
        for related in self.related:
            related.populate(row, found)
        return found
