"""The benchmark's quartiles and percentile ranks as they were computed in SQL until issue 14,
kept here only so that bench/benchmark.py --pools can measure them against scoring.quantiles.

Only the rows next to a quartile's position come back; the interpolation is numpy.percentile's
default ("linear"), to the last bit.
"""

from __future__ import annotations

import math
from typing import Any

from django.db import connection

QUARTILES = (0.25, 0.5, 0.75)
Key = tuple[str, str]


# Only the rows next to a quartile's position, i = (n - 1) × p, come back. Integer division
# floors on SQLite and PostgreSQL alike, since i and n are never negative. `pool` is Django's
# compiled SQL of the scores queryset; its values travel as query parameters.
QUARTILE_SQL = """
WITH pool(kind, item, current) AS ({scores}),
ranked AS (
    SELECT kind, item, current,
           ROW_NUMBER() OVER (PARTITION BY kind, item ORDER BY current) - 1 AS i,
           COUNT(*) OVER (PARTITION BY kind, item) AS n
    FROM pool
)
SELECT kind, item, n, i, current FROM ranked
WHERE i = (n - 1) / 4 OR i = (n - 1) / 4 + 1
   OR i = (n - 1) / 2 OR i = (n - 1) / 2 + 1
   OR i = 3 * (n - 1) / 4 OR i = 3 * (n - 1) / 4 + 1
"""


def pool_quartiles(
    scores: Any,
) -> dict[Key, tuple[int, float, float, float]]:
    """Per (kind, key): the number of pool values, and their lower quartile, median and upper
    quartile. One query, whatever the size of the pool."""
    sql, params = scores.values_list("kind", "key", "current").query.sql_with_params()
    values: dict[Key, dict[int, float]] = {}
    counts: dict[Key, int] = {}
    with connection.cursor() as cursor:
        cursor.execute(QUARTILE_SQL.format(scores=sql), params)  # noqa: S608
        for kind, key, n, i, current in cursor.fetchall():
            values.setdefault((kind, key), {})[int(i)] = float(current)
            counts[(kind, key)] = int(n)
    return {
        key: (counts[key], *(quantile(at, counts[key], p) for p in QUARTILES))  # type: ignore[misc]
        for key, at in values.items()
    }


def quantile(sorted_values: dict[int, float] | list[float], n: int, p: float) -> float:
    """numpy.percentile(values, 100 × p) with the default linear method, to the last bit.

    `sorted_values[i]` is the i-th smallest value (0-based); only the two at floor((n - 1) × p)
    and the next are read. numpy interpolates from the upper neighbour when the fraction is at
    least one half, which rounds differently from the lower one, so this does the same.
    """
    h = (n - 1) * p
    lower = math.floor(h)
    t = h - lower
    a = sorted_values[lower]
    if t == 0:
        return a
    b = sorted_values[lower + 1]
    diff = b - a
    return b - diff * (1 - t) if t >= 0.5 else a + diff * t


# The own means join as a small VALUES table: one hash probe per pool value, where a CASE per
# (kind, key) would test every pool value against every condition and aspect.
RANK_SQL = """
WITH pool(kind, item, current) AS ({scores}),
own(kind, item, value) AS (VALUES {own})
SELECT p.kind, p.item, COUNT(*),
       SUM(CASE WHEN p.current < o.value THEN 2 WHEN p.current = o.value THEN 1 ELSE 0 END)
FROM pool p JOIN own o ON o.kind = p.kind AND o.item = p.item
GROUP BY p.kind, p.item
"""
OWN_ROW = "(%s, %s, CAST(%s AS DOUBLE PRECISION))"


def percentile_ranks(scores: Any, own: dict[Key, float]) -> dict[Key, float]:
    """Per (kind, key): the share of pool values below the own mean, ties counting half, as a
    percentage. One aggregate query."""
    if not own:
        return {}
    sql, params = scores.values_list("kind", "key", "current").query.sql_with_params()
    rows = ", ".join([OWN_ROW] * len(own))
    own_params = [value for (kind, key), mean in own.items() for value in (kind, key, mean)]
    with connection.cursor() as cursor:
        cursor.execute(RANK_SQL.format(scores=sql, own=rows), [*params, *own_params])  # noqa: S608
        return {(kind, key): 50 * twice / n for kind, key, n, twice in cursor.fetchall()}
