"""Where a round stands against the benchmark pool, computed in the database.

The pool can hold tens of thousands of rounds. Window functions number each condition's and
aspect's pool values in order, and only the rows at the quartile positions come back (at most
six per condition or aspect), so the work stays in the database and the answer stays small.
The quartiles are interpolated here exactly as numpy.percentile's default ("linear") does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.pool.models import PoolEntry, PoolScore
from partnerscan.scoring import Results

MIN_ORGANISATIONS = 5  # a benchmark over fewer would let a reader guess a peer's scores
MIN_POOL_RESPONDENTS = 5  # a round counts in the pool only with this many respondents
PEERS = ("all", "sector", "size")
QUARTILES = (0.25, 0.5, 0.75)

Key = tuple[str, str]  # (kind, condition or aspect id)
# Plain strings: an enum member hashes by its name, so it would not find a key read from SQL.
CONDITION, ASPECT = PoolScore.Kind.CONDITION.value, PoolScore.Kind.ASPECT.value


@dataclass(frozen=True)
class BenchmarkRow:
    kind: str
    key: str
    name: str
    condition: str  # the condition's name; for a condition, its own name
    own: float | None
    n: int  # organisations in the comparison with a value here
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    rank: float | None = None  # percentile rank of `own` in the pool, 0..100

    @property
    def position(self) -> str:
        """'below' the lower quartile, 'above' the upper one, or 'between'; '' when unknown."""
        if self.own is None or self.q1 is None or self.q3 is None:
            return ""
        if self.own < self.q1:
            return "below"
        return "above" if self.own > self.q3 else "between"


@dataclass(frozen=True)
class Benchmark:
    peers: str
    organisations: int  # qualifying organisations in the comparison
    missing: str = ""  # 'sector' or 'size' when the own organisation has none to filter on
    conditions: tuple[BenchmarkRow, ...] = ()
    aspects: tuple[BenchmarkRow, ...] = ()
    closed: bool = True  # False: the round itself joins the pool only when it closes

    @property
    def shown(self) -> bool:
        return not self.missing and self.organisations >= MIN_ORGANISATIONS

    @property
    def needed(self) -> int:
        return max(0, MIN_ORGANISATIONS - self.organisations)


def benchmark(
    assessment: Assessment, lang: str, peers: str = "all", results: Results | None = None
) -> Benchmark | None:
    """The round against its peers, or None when it is not opted in or has no results.

    Pass `results` when they are already computed, to score the round only once.
    """
    if not assessment.in_pool:
        return None
    results = results or assessment_results(assessment, lang)
    if results is None:
        return None
    peers = peers if peers in PEERS else "all"
    missing = _missing(assessment, peers)
    if missing:
        return Benchmark(peers, 0, missing=missing, closed=assessment.is_closed)
    entries = qualifying_entries(assessment, peers)
    count = entries.count()
    base = Benchmark(peers, count, closed=assessment.is_closed)
    if count < MIN_ORGANISATIONS:
        return base
    return _with_rows(base, assessment, results, entries, lang)


def _missing(assessment: Assessment, peers: str) -> str:
    organisation = assessment.organisation
    if peers == "sector" and not organisation.sector:
        return "sector"
    if peers == "size" and not organisation.size:
        return "size"
    return ""


def qualifying_entries(assessment: Assessment, peers: str = "all") -> QuerySet[PoolEntry]:
    """Other organisations' counting rounds of the same model version, with enough respondents."""
    entries = PoolEntry.objects.filter(
        latest=True,
        respondents__gte=MIN_POOL_RESPONDENTS,
        model_id=assessment.model_id,
        model_version=assessment.model_version,
    ).exclude(organisation_id=assessment.organisation_id)
    organisation = assessment.organisation
    if peers == "sector":
        entries = entries.filter(organisation__sector=organisation.sector)  # ids of one list
    elif peers == "size":
        entries = entries.filter(organisation__size=organisation.size)
    return entries


def _with_rows(
    base: Benchmark,
    assessment: Assessment,
    results: Results,
    entries: QuerySet[PoolEntry],
    lang: str,
) -> Benchmark:
    own = own_means(results)
    scores = PoolScore.objects.filter(entry__in=entries.values("pk"), current__isnull=False)
    quartiles = pool_quartiles(scores)
    ranks = percentile_ranks(scores, own)
    model = assessment.capability_model
    conditions = {c.id: c.name.get(lang) for c in model.conditions}

    def row(kind: str, key: str, name: str, condition: str) -> BenchmarkRow:
        n, q1, median, q3 = quartiles.get((kind, key), (0, None, None, None))
        if n < MIN_ORGANISATIONS:  # organisations without a mean here leave too few
            return BenchmarkRow(kind, key, name, condition, own.get((kind, key)), n)
        mean = own.get((kind, key))
        return BenchmarkRow(
            kind, key, name, condition, mean, n, q1, median, q3, ranks.get((kind, key))
        )

    return Benchmark(
        base.peers,
        base.organisations,
        closed=base.closed,
        conditions=tuple(
            row(CONDITION, c.id, conditions[c.id], conditions[c.id]) for c in model.conditions
        ),
        aspects=tuple(
            row(
                ASPECT,
                a.id,
                a.name.get(lang),
                conditions[model.condition_of(a.id).id],
            )
            for a in model.aspects
        ),
    )


def own_means(results: Results) -> dict[Key, float]:
    means = {(CONDITION, c.id): c.current.mean for c in results.conditions}
    means |= {(ASPECT, a.id): a.current.mean for a in results.aspects}
    return {key: mean for key, mean in means.items() if mean is not None}


# --- quartiles ----------------------------------------------------------------------------------

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
    scores: QuerySet[PoolScore],
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


def percentile_ranks(scores: QuerySet[PoolScore], own: dict[Key, float]) -> dict[Key, float]:
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
