"""Benchmark of the pool query: where a round stands among 10,000 organisations.

Run: .venv/bin/python bench/benchmark.py [--orgs 10000] [--respondents 20] [--repeat 7]
                                          [--databases postgres,sqlite] [--seed 1]

For each database (each in a child process of its own, so settings stay per database) it:

1. creates a scratch database: on PostgreSQL `partnerscan_bench_pool` (dropped and created
   again, dropped at the end; needs 127.0.0.1:5432 with trust auth for `postgres`), on SQLite
   a file in a temporary folder; then migrates;
2. fills `--orgs` organisations (4 sectors, 4 size bands), each with one closed, shared round of
   `--respondents` submitted responses answering every aspect (about 4% "don't know"): bulk
   inserts, COPY on PostgreSQL;
3. puts every round in the pool with the scoring engine's numbers: `score()` over the same
   answers the database holds, written through `pool_scores()` as `sync_pool_entry` writes them.
   The engine's results are cached in the temporary folder, so the second database reuses them.
   As a check, one round also goes through `sync_pool_entry` itself and must store the same;
4. times `benchmark()` of one organisation's round against all peers, the same sector and the
   same size (`--repeat` runs each, median and fastest, with the query count), and as the
   baseline in the same run the naive alternative: one GROUP BY AVG over every answer of every
   shared round. The ratio of the two is the steadier figure on a busy machine.

Goal: the pool query (all peers) under 1 s on PostgreSQL with 10,000 organisations × 20.

With `--pools 50,500,5000` it measures instead how the quartiles and percentile ranks are
computed: the SQL used until issue 14 (bench/pool_sql.py: window functions that return only
the rows at the quartile positions, and one aggregate for the ranks) against what
pool/benchmark.py does now, reading the pool's scores and computing both with
`partnerscan.scoring.quantiles`. The pool grows to each size in turn (entries and scores only,
no answers: the two ways read the same PoolScore rows); both must give the same figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_URL = "postgresql://postgres@127.0.0.1:5432"
PG_NAME = "partnerscan_bench_pool"
SECTORS = ("healthcare", "municipality", "education", "housing")
SIZES = ("small", "medium", "large", "xlarge")
DONT_KNOW_SHARE = 0.04
BATCH = 20_000


# --- the parent: one child per database ----------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--respondents", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--databases", default="postgres,sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pools", help="pool sizes for the quartile comparison, e.g. 50,500,5000")
    parser.add_argument(
        "--keep", action="store_true", help="keep the PostgreSQL database, to EXPLAIN by hand"
    )
    parser.add_argument("--child", choices=("postgres", "sqlite"), help=argparse.SUPPRESS)
    parser.add_argument("--cache", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        return child(args)
    cache = tempfile.mkdtemp(prefix="partnerscan-bench-pool-")
    status = 0
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        command = [sys.executable, __file__, *(argv or sys.argv[1:]), "--child", database]
        status |= subprocess.run([*command, "--cache", cache], check=False).returncode
    return status


# --- a child: one database -----------------------------------------------------------------------


def configure(database: str, folder: str) -> None:
    """Settings before Django starts: the scratch database and nothing from the environment."""
    os.environ["DATA_DIR"] = folder
    os.environ.pop("DATABASE_URL", None)
    if database == "postgres":
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")


def recreate_postgres(drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        if not drop_only:
            admin.execute(f"CREATE DATABASE {PG_NAME}")


def child(args: argparse.Namespace) -> int:
    folder = tempfile.mkdtemp(prefix="partnerscan-bench-pool-db-")
    configure(args.child, folder)
    if args.child == "postgres":
        recreate_postgres()
    try:
        import django

        django.setup()
        if args.pools:
            compare_quantiles(args)
        else:
            run(args)
    finally:
        if args.child == "postgres" and not args.keep:
            from django.db import connections

            connections.close_all()
            recreate_postgres(drop_only=True)
    return 0


def run(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(
        f"\n== {connection.vendor} {version()} · {args.orgs:,} organisations × "
        f"{args.respondents} respondents"
    )
    started = time.perf_counter()
    data = Generated(args.orgs, args.respondents, args.seed)
    rounds = fill(data)
    print(
        f"filled {args.orgs * args.respondents:,} responses, "
        f"{data.current.size:,} answers in {time.perf_counter() - started:.0f} s"
    )
    started = time.perf_counter()
    pool(rounds, engine_scores(data, Path(args.cache)), args.respondents)
    check_sync_path(rounds[1])
    analyse()
    print(f"pool of {len(rounds):,} entries written in {time.perf_counter() - started:.0f} s")
    measure(rounds[0], args.repeat)


def version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        return str(cursor.fetchone()[0])


class Generated:
    """Every answer as arrays (organisations × respondents × aspects), stored codes 1..5, 9."""

    def __init__(self, orgs: int, respondents: int, seed: int) -> None:
        from partnerscan.capability.loader import get_model

        self.model = get_model()
        self.aspects = [a.id for a in self.model.aspects]
        rng = np.random.default_rng(seed)
        shape = (orgs, respondents, len(self.aspects))
        maturity = rng.uniform(1.5, 4.2, size=(orgs, 1, 1))
        self.current = np.clip(np.rint(rng.normal(maturity, 0.8, shape)), 1, 5).astype(np.int8)
        self.ambition = np.clip(self.current + rng.integers(0, 3, shape), 1, 5).astype(np.int8)
        self.current[rng.random(shape) < DONT_KNOW_SHARE] = 9


def fill(data: Generated) -> list[Any]:
    """Organisations, closed shared rounds, responses and answers, in bulk."""
    from django.utils import timezone

    from partnerscan.accounts.models import Organisation
    from partnerscan.assessments.models import Assessment

    orgs, respondents, _aspects = data.current.shape
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(name=f"Org {i}", sector=SECTORS[i % 4], size=SIZES[(i // 4) % 4])
            for i in range(orgs)
        ),
        batch_size=BATCH,
    )
    now = timezone.now()
    rounds = Assessment.objects.bulk_create(
        (
            Assessment(
                organisation=o,
                title="Round",
                model_id=data.model.id,
                model_version=data.model.version,
                languages=["nl", "en"],
                state=Assessment.State.CLOSED,
                closed_at=now,
                in_pool=True,
            )
            for o in organisations
        ),
        batch_size=BATCH,
    )
    insert_answers(data, [r.pk for r in rounds])
    return rounds


def insert_answers(data: Generated, round_ids: list[int]) -> None:
    from partnerscan.assessments.models import Answer, Response

    response_rows, answer_rows = [], []
    orgs, respondents, _aspects = data.current.shape
    for o in range(orgs):
        for r in range(respondents):
            response_id = uuid.uuid4()
            response_rows.append((response_id, round_ids[o]))
            for j, aspect in enumerate(data.aspects):
                current, ambition = int(data.current[o, r, j]), int(data.ambition[o, r, j])
                answer_rows.append((response_id, aspect, current, ambition))
    write_rows(
        Response,
        [
            "id",
            "assessment_id",
            "language",
            "role",
            "department",
            "group",
            "position",
            "submitted",
            "imported",
            "label",
        ],
        ((rid, aid, "nl", "", "", "internal", "", True, False, "") for rid, aid in response_rows),
    )
    write_rows(
        Answer,
        ["response_id", "aspect", "current", "ambition", "comment"],
        ((rid, aspect, cur, amb, "") for rid, aspect, cur, amb in answer_rows),
    )


def write_rows(model: Any, columns: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL; executemany in batches on SQLite. No model instances either way."""
    from django.db import connection, transaction

    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 - our own names
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(tuple(str(v) if isinstance(v, uuid.UUID) else v for v in row))
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def engine_scores(data: Generated, cache: Path) -> np.ndarray:
    """Per organisation the engine's current and ambition means of every condition and aspect
    (NaN for none), computed from the same answers as the database holds; cached per data set."""
    orgs, respondents, _aspects = data.current.shape
    path = cache / f"scores-{orgs}x{respondents}.npy"
    if path.exists():
        return np.load(path)
    from partnerscan.assessments.visible_results import ENGINE_CODE
    from partnerscan.scoring import Labels, ResponseMatrix, score

    labels = Labels.from_values(["internal"] * respondents)
    blank = Labels.from_values([""] * respondents)
    rows = []
    for o in range(orgs):
        matrix = ResponseMatrix.from_arrays(
            data.aspects,
            ENGINE_CODE[data.current[o]],
            ENGINE_CODE[data.ambition[o]],
            blank,
            blank,
            labels,
        )
        results = score(data.model, matrix, shares={}, min_group=5, lang="en")
        rows.append(flat_means(results))
    scores = np.array(rows, dtype=float)
    np.save(path, scores)
    return scores


def flat_means(results: Any) -> list[float]:
    means = [(c.current.mean, c.ambition.mean) for c in results.conditions]
    means += [(a.current.mean, a.ambition.mean) for a in results.aspects]
    return [np.nan if v is None else v for pair in means for v in pair]


def keys_in_order(model: Any) -> list[tuple[str, str]]:
    """(kind, key) in the order of the engine's results: conditions, then aspects."""
    return [("condition", c.id) for c in model.conditions] + [
        ("aspect", a.id) for a in model.aspects
    ]


def pool(rounds: list[Any], scores: np.ndarray, respondents: int) -> None:
    """One latest entry per round with the engine's means, as `sync_pool_entry` stores them."""
    from partnerscan.pool.models import PoolEntry, PoolScore

    entries = PoolEntry.objects.bulk_create(
        (
            PoolEntry(
                assessment=r,
                organisation_id=r.organisation_id,
                model_id=r.model_id,
                model_version=r.model_version,
                respondents=respondents,
                latest=True,
            )
            for r in rounds
        ),
        batch_size=BATCH,
    )
    keys = keys_in_order(rounds[0].capability_model)
    rows = (
        (entry.pk, kind, key, none(scores[i, 2 * k]), none(scores[i, 2 * k + 1]))
        for i, entry in enumerate(entries)
        for k, (kind, key) in enumerate(keys)
    )
    write_rows(PoolScore, ["entry_id", "kind", "key", "current", "ambition"], rows)


def none(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def stored(assessment: Any) -> dict[tuple[str, str], tuple[float | None, float | None]]:
    from partnerscan.pool.models import PoolScore

    scores = PoolScore.objects.filter(entry__assessment=assessment)
    return {(s.kind, s.key): (s.current, s.ambition) for s in scores}


def check_sync_path(assessment: Any) -> None:
    """The bulk path must store what the real one does: re-sync one round and compare."""
    from partnerscan.pool.domain import sync_pool_entry

    bulk = stored(assessment)
    sync_pool_entry(assessment)
    same = stored(assessment) == bulk
    print(f"sync_pool_entry stores the same means as the bulk path: {'yes' if same else 'NO'}")
    if not same:
        raise SystemExit(1)


def analyse() -> None:
    """What autovacuum gives a table some time after a bulk load: planner statistics and, on
    PostgreSQL, the visibility map that lets the benchmark read its index alone."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


# --- timing --------------------------------------------------------------------------------------


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
    from django.utils import timezone

    from partnerscan.accounts.models import Organisation
    from partnerscan.assessments.models import Assessment
    from partnerscan.capability.loader import get_model

    model = get_model()
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Org {i}", sector=SECTORS[i % 4], size=SIZES[(i // 4) % 4])
        for i in range(start, stop)
    )
    rounds = Assessment.objects.bulk_create(
        Assessment(
            organisation=o,
            title="Round",
            model_id=model.id,
            model_version=model.version,
            languages=["nl", "en"],
            state=Assessment.State.CLOSED,
            closed_at=timezone.now(),
            in_pool=True,
        )
        for o in organisations
    )
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


if __name__ == "__main__":
    raise SystemExit(main())
