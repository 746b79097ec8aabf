"""Query shapes that keep a query's cost to the rows it asks for, whatever else a table holds."""

from __future__ import annotations

from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, QuerySet
from django.db.models.lookups import In


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
