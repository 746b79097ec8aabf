"""The timings of bench/benchmark.py: the pool query against the naive GROUP BY, and the
quartiles in SQL (bench/pool_sql.py) against scoring.quantiles."""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from bench.benchmark_data import analyse, closed_rounds, version
from bench.benchmark_pool import keys_in_order, pool


def timed(repeat: int, call: Callable[[], Any]) -> tuple[float, float, int]:
    """Median and fastest seconds of `repeat` calls after one warm-up, and its query count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        call()
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), min(seconds), len(queries)


def baseline() -> None:
    """The naive pool: every answer of every shared round, averaged per aspect."""
    from django.db.models import Avg

    from partnerscan.assessments.models import Answer

    list(
        Answer.objects.filter(
            response__assessment__in_pool=True,
            response__assessment__state="closed",
            response__submitted=True,
            current__lte=5,
        )
        .values("aspect")
        .annotate(mean=Avg("current"))
    )


def measure(own: Any, repeat: int) -> None:
    from partnerscan.assessments.models import Assessment
    from partnerscan.assessments.visible_results import assessment_results
    from partnerscan.pool.benchmark import benchmark

    own = Assessment.objects.select_related("organisation").get(pk=own.pk)
    results = assessment_results(own, "en")  # scored once, as the dashboard passes them
    base, base_min, base_queries = timed(repeat, baseline)
    print(f"{'':<26}{'median':>9}{'fastest':>9}{'queries':>9}{'÷ baseline':>12}")
    print(f"{'baseline GROUP BY AVG':<26}{ms(base)}{ms(base_min)}{base_queries:>9}{'1.00':>12}")
    medians = {}
    for peers in ("all", "sector", "size"):
        result: list[Any] = []

        def call(peers: str = peers, result: list[Any] = result) -> None:
            result[:] = [benchmark(own, "en", peers, results=results)]

        medians[peers], fastest, queries = timed(repeat, call)
        label = f"benchmark, {peers} ({result[0].organisations:,})"
        ratio = medians[peers] / base
        print(f"{label:<26}{ms(medians[peers])}{ms(fastest)}{queries:>9}{ratio:>12.2f}")
    goal = "met" if medians["all"] < 1 else "NOT met"
    print(f"goal: pool query (all peers) under 1 s: {goal}")


# --- quartiles: SQL or scoring.quantiles --------------------------------------------------------


def grow_pool(start: int, stop: int, rng: np.random.Generator) -> None:
    """Organisations start..stop-1, each with a closed shared round in the pool and a mean per
    condition and aspect: means of 20 answers (steps of 0.05), so ties are as common as real."""
    from partnerscan.capability.loader import get_model

    model = get_model()
    rounds = closed_rounds(range(start, stop), model)
    keys = len(keys_in_order(model))
    means = rng.integers(20, 101, size=(len(rounds), 2 * keys)) / 20
    pool(rounds, means, 20)


def quantiles_in_python(
    scores: Any, own: dict[Any, float]
) -> tuple[dict[Any, Any], dict[Any, float]]:
    """The simple way, as pool/benchmark.py does it: every pool value read once, the figures
    from scoring.quantiles."""
    from partnerscan.pool.benchmark import pool_values
    from partnerscan.scoring.quantiles import percentile_rank, quartiles

    values = pool_values(scores)
    found = {key: (len(pool), *quartiles(pool)) for key, pool in values.items()}
    ranks = {key: percentile_rank(values[key], mean) for key, mean in own.items() if key in values}
    return found, ranks


def compare_quantiles(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection
    from pool_sql import percentile_ranks, pool_quartiles

    from partnerscan.capability.loader import get_model
    from partnerscan.pool.models import PoolEntry, PoolScore

    call_command("migrate", verbosity=0)
    print(f"\n== {connection.vendor} {version()} · quartiles and percentile ranks")
    print(f"{'organisations':>14}{'SQL':>10}{'numpy':>10}{'numpy ÷ SQL':>13}{'same':>6}")
    # SQL: bench/pool_sql.py, as it was; numpy: pool/benchmark.py, as it is.
    rng = np.random.default_rng(args.seed)
    own = {key: float(rng.integers(20, 101)) / 20 for key in keys_in_order(get_model())}
    entries = PoolEntry.objects.filter(latest=True).values("pk")
    scores = PoolScore.objects.filter(entry__in=entries, current__isnull=False)
    grown = 0
    for size in sorted(int(n) for n in args.pools.split(",")):
        grow_pool(grown, size, rng)
        grown = size
        analyse()

        def in_sql() -> tuple[dict[Any, Any], dict[Any, float]]:
            return pool_quartiles(scores), percentile_ranks(scores, own)

        same = in_sql() == quantiles_in_python(scores, own)
        sql, _fastest, _queries = timed(args.repeat, in_sql)
        python, _fastest, _queries = timed(args.repeat, lambda: quantiles_in_python(scores, own))
        figures = f"{sql * 1000:>8.1f}ms{python * 1000:>8.1f}ms{python / sql:>13.2f}"
        print(f"{size:>14,}{figures}{'yes' if same else 'NO':>6}")


def ms(seconds: float) -> str:
    return f"{seconds * 1000:>7.0f}ms"
