"""Where a round stands against the benchmark pool: its peers' quartiles and its rank.

The pool's values are read in one query and the figures are the scoring engine's
(`partnerscan.scoring.quantiles`). Computing them in SQL with window functions was measured
against this (bench/benchmark.py --pools 50,500,5000): at best 1.3 times faster (PostgreSQL,
5,000 organisations), slower at 50 and 500, and up to 4.5 times slower on SQLite, so the
simpler way stays.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.results_store import round_results
from partnerscan.pool.models import PoolEntry, PoolScore
from partnerscan.scoring import Results
from partnerscan.scoring.options import MIN_ORGANISATIONS, MIN_POOL_RESPONDENTS
from partnerscan.scoring.quantiles import percentile_rank, quartiles

PEERS = ("all", "sector", "size")

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
    results = results or round_results(assessment, lang)
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
    if peers == "all":
        return ""  # without a query: comparing with everyone needs nothing of the organisation
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
    if peers == "sector":  # ids of one list
        entries = entries.filter(organisation__sector=assessment.organisation.sector)
    elif peers == "size":
        entries = entries.filter(organisation__size=assessment.organisation.size)
    return entries


def _with_rows(
    base: Benchmark,
    assessment: Assessment,
    results: Results,
    entries: QuerySet[PoolEntry],
    lang: str,
) -> Benchmark:
    own = own_means(results)
    scores = PoolScore.objects.filter(entry__in=entries.values("pk"))
    values = pool_values(scores)
    figures = {key: (len(pool), *quartiles(pool)) for key, pool in values.items()}
    ranks = {key: percentile_rank(values[key], mean) for key, mean in own.items() if key in values}
    model = assessment.capability_model
    conditions = {c.id: c.name.get(lang) for c in model.conditions}

    def row(kind: str, key: str, name: str, condition: str) -> BenchmarkRow:
        n, q1, median, q3 = figures.get((kind, key), (0, None, None, None))
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


def pool_values(scores: QuerySet[PoolScore]) -> dict[Key, list[float]]:
    """Per (kind, key): the pool's values, in one query."""
    values: dict[Key, list[float]] = defaultdict(list)
    for kind, key, current in scores.values_list("kind", "key", "current"):
        if current is not None:  # a round without a mean here is not in this comparison
            values[(kind, key)].append(current)
    return values


def pool_quartiles(scores: QuerySet[PoolScore]) -> dict[Key, tuple[int, float, float, float]]:
    """Per (kind, key): the number of pool values, and their lower quartile, median and upper
    quartile."""
    return {key: (len(pool), *quartiles(pool)) for key, pool in pool_values(scores).items()}
