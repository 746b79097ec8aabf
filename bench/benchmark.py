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

The parts: benchmark_data.py (generated answers, written in bulk), benchmark_pool.py (the pool
and its check against sync_pool_entry) and benchmark_timing.py (the timings and the figures).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.benchmark_data import Generated, analyse, fill, version  # noqa: E402
from bench.benchmark_pool import check_sync_path, engine_scores, pool  # noqa: E402
from bench.benchmark_timing import compare_quantiles, measure  # noqa: E402

PG_URL = "postgresql://postgres@127.0.0.1:5432"
PG_NAME = "partnerscan_bench_pool"


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


if __name__ == "__main__":
    raise SystemExit(main())
