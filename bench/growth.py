"""Growth: the figures of issue 19's table for rounds of 1,000, 10,000 and 100,000 respondents.

Run: .venv/bin/python bench/growth.py [--sizes 1000,10000,100000] [--database postgres|sqlite]
                                      [--runs 3] [--keep]

One scratch database (PostgreSQL `partnerscan_bench_growth` at 127.0.0.1:5432, dropped and made
again, dropped at the end unless --keep; or SQLite in a temporary folder). One organisation gets
one closed round per size, all in the same database, so the largest round sits beside the
smaller ones the whole time: a figure that grows with what *else* the database holds shows up
as worse-than-linear growth. Answers are generated (about 4 % "don't know") and written with
COPY (bench/benchmark_data.py); then VACUUM ANALYZE, as autovacuum would.

Per size, through the views as a signed-in owner (Django's test client, this process):

- dashboard, warm: median of --runs after one warm-up. Goal: < 0.3 s at any size.
- PDF report: rendered in the request (warm), and pre-rendered by the worker
  (reports/prerender.py) and served by the view. Goal: < 3 s, the first request included.
- responses CSV: the streamed file read to the end, against the raw query of the same answers
  fetched through a server-side cursor. Goal: ≤ 2 × the raw query.
- responses XLSX: the file made in a request, and made by the worker as an owner asks for it
  (POST, the worker's job, the download), against the CSV. Goal: ≤ 3 × the CSV, by the worker.
- responses SAV: peak traced memory (tracemalloc) while the file is made and read, after one
  warm-up (the first export imports pandas and pyreadstat). Goal: ≤ 1.5 × the peak at the
  first size.

Each line prints the figure per size, the ratio of each size to the previous one (10 × the
respondents: a ratio above 10 is worse than linear) and "met" or "not met" against the goal. The
autosave goal (throughput, p99) needs servers and clients: `bench/load.py`, which `make bench`
runs too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_URL = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "partnerscan_bench_growth"
EMAIL = "growth@example.org"


def configure(database: str) -> None:
    """Settings before Django starts: the scratch database and nothing from the environment."""
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="partnerscan-bench-growth-")
    os.environ.pop("DATABASE_URL", None)
    if database == "postgres":
        import psycopg

        with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_NAME}")
        os.environ["DATABASE_URL"] = f"{PG_URL}/{PG_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")


def drop_postgres() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")


def rounds(sizes: list[int]) -> tuple[Any, dict[int, Any]]:
    """A signed-in client and one closed round per size, filled in bulk."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    from bench.benchmark_data import Generated, analyse, insert_answers
    from partnerscan.accounts import domain as accounts
    from partnerscan.accounts.models import User
    from partnerscan.assessments.models import Assessment

    settings.ALLOWED_HOSTS = ["*"]
    # As in production: with DEBUG every query's SQL is kept (up to 9,000), which would count
    # as the exports' memory.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    user = User.objects.create_user(EMAIL, "growth-password-123")
    organisation = accounts.create_organisation(user, "Growth BV")
    made = {}
    for number, size in enumerate(sizes):
        started = time.perf_counter()
        data = Generated(1, size, seed=number + 1)
        assessment = Assessment.objects.create(
            organisation=organisation,
            title=f"Growth {size:,}",
            model_id=data.model.id,
            model_version=data.model.version,
            languages=["nl", "en"],
            state=Assessment.State.CLOSED,
            closed_at=timezone.now(),
        )
        insert_answers(data, [assessment.pk])
        made[size] = assessment
        print(f"filled {size:,} respondents in {time.perf_counter() - started:.1f} s", flush=True)
    analyse()
    client = Client()
    client.force_login(user)
    return client, made


def read(client: Any, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        return sum(len(part) for part in response.streaming_content)
    return len(response.content)


def seconds(call: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb(call: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def raw_query(assessment: Any) -> None:
    """The round's answers as the responses export needs them, fetched through a server-side
    cursor in batches, with nothing done to them: what any export must at least spend."""
    from django.db import connection, transaction

    sql = (
        'SELECT r.id, r.role, r.department, r."group", a.aspect, a.current, a.ambition,'
        " a.comment FROM assessments_answer a JOIN assessments_response r"
        " ON r.id = a.response_id WHERE r.assessment_id = %s AND r.submitted"
    )
    with transaction.atomic(), connection.chunked_cursor() as cursor:
        cursor.execute(sql, [assessment.pk])
        while cursor.fetchmany(10_000):
            pass


def measure(client: Any, assessment: Any, runs: int, first: bool) -> dict[str, float]:
    from django.conf import settings
    from django.utils import timezone

    from partnerscan.reports import prerender

    limit = settings.EXPORT_IN_REQUEST_MAX
    base = f"/assessments/{assessment.pk}"
    figures: dict[str, float] = {}
    read(client, f"{base}/dashboard/")  # warm-up: templates, the model file
    figures["dashboard"] = seconds(lambda: read(client, f"{base}/dashboard/"), runs)
    pdf = f"{base}/report.pdf?lang=nl"
    read(client, pdf)  # warm-up: WeasyPrint's fonts
    figures["pdf"] = seconds(lambda: read(client, pdf), 1)
    prerender.refresh(assessment, "nl", timezone.now())
    figures["pdf_prerendered"] = seconds(lambda: read(client, pdf), runs)
    figures["raw"] = seconds(lambda: raw_query(assessment), runs)
    # The files as made in a request, whatever the round's size: the table and the writers
    # are the same ones the worker uses for a large round (reports/export_jobs.py).
    settings.EXPORT_IN_REQUEST_MAX = 10**9
    figures["csv"] = seconds(lambda: read(client, f"{base}/export/responses.csv"), runs)
    figures["xlsx"] = seconds(lambda: read(client, f"{base}/export/responses.xlsx"), 1)
    if first:
        read(client, f"{base}/export/responses.sav")  # warm-up: imports pandas, pyreadstat
    figures["sav_mb"] = peak_mb(lambda: read(client, f"{base}/export/responses.sav"))
    settings.EXPORT_IN_REQUEST_MAX = limit
    figures["xlsx_worker"] = seconds(lambda: by_the_worker(client, assessment, "xlsx"), 1)
    return figures


def by_the_worker(client: Any, assessment: Any, fmt: str) -> None:
    """Ask for the file as an owner does (a POST), let the worker's job make it, download it."""
    from django.utils import timezone

    from partnerscan.reports import export_jobs
    from partnerscan.reports.models import ExportJob

    ExportJob.objects.all().delete()  # a second request would get the same, finished job
    response = client.post(f"/assessments/{assessment.pk}/export/responses.{fmt}/make/")
    assert response.status_code == 302, response.status_code
    assert export_jobs.run(timezone.now()).startswith("made"), "the worker made nothing"
    read(client, response["Location"] + "file")


Row = tuple[
    str, str, Callable[[dict[str, float]], float], str, Callable[[list[dict[str, float]]], bool]
]


def rows() -> list[Row]:
    """(label, unit, the figure of one size, the goal, whether every size meets it)."""
    return [
        ("dashboard, warm", "s", lambda f: f["dashboard"], "< 0.3 s",
         lambda all_: all(f["dashboard"] < 0.3 for f in all_)),
        ("PDF, rendered in the request", "s", lambda f: f["pdf"], "< 3 s",
         lambda all_: all(f["pdf"] < 3 for f in all_)),
        ("PDF, pre-rendered by the worker", "s", lambda f: f["pdf_prerendered"], "< 3 s",
         lambda all_: all(f["pdf_prerendered"] < 3 for f in all_)),
        ("raw query of the answers", "s", lambda f: f["raw"], "(baseline)", lambda all_: True),
        ("responses CSV", "s", lambda f: f["csv"], "", lambda all_: True),
        ("responses CSV ÷ raw query", "×", lambda f: f["csv"] / f["raw"], "≤ 2",
         lambda all_: all(f["csv"] <= 2 * f["raw"] for f in all_)),
        ("responses XLSX, in a request", "s", lambda f: f["xlsx"], "", lambda all_: True),
        ("responses XLSX, by the worker", "s", lambda f: f["xlsx_worker"], "", lambda all_: True),
        ("worker's XLSX ÷ CSV", "×", lambda f: f["xlsx_worker"] / f["csv"], "≤ 3",
         lambda all_: all(f["xlsx_worker"] <= 3 * f["csv"] for f in all_)),
        ("responses SAV, peak memory", "MB", lambda f: f["sav_mb"], "≤ 1.5 × first size",
         lambda all_: all(f["sav_mb"] <= 1.5 * all_[0]["sav_mb"] for f in all_)),
    ]  # fmt: skip


def report(sizes: list[int], measured: list[dict[str, float]]) -> None:
    head = "".join(f"{size:>12,}" for size in sizes)
    steps = "".join(
        f"{'×' + format(b // a, ','):>9}" for a, b in zip(sizes, sizes[1:], strict=False)
    )
    print(f"\n{'':<34}{head}   growth per step{steps and ' (' + steps.strip() + ')'}   goal")
    for label, unit, figure, goal, met in rows():
        values = [figure(f) for f in measured]
        cells = "".join(f"{v:>10.2f}{unit:<2}" if unit != "MB" else f"{v:>10.1f}MB" for v in values)
        growth = " ".join(
            f"{b / a:>5.1f}" if a else "  —" for a, b in zip(values, values[1:], strict=False)
        )
        verdict = goal
        if goal and not goal.startswith("("):
            verdict = f"{goal}: {'met' if met(measured) else 'not met'}"
        print(f"{label:<34}{cells}   {growth:<16} {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    configure(args.database)
    import django

    django.setup()
    try:
        from bench.benchmark_data import version

        client, made = rounds(sizes)
        print(f"database: {args.database} {version()}; median of {args.runs} where repeated")
        measured = []
        for size in sizes:
            measured.append(measure(client, made[size], args.runs, first=not measured))
            print(f"measured {size:,}", flush=True)
        report(sizes, measured)
    finally:
        if args.database == "postgres" and not args.keep:
            drop_postgres()


if __name__ == "__main__":
    main()
