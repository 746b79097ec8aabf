"""Benchmark of a large Responses CSV import while respondents autosave.

Run: .venv/bin/python bench/imports.py [--rows 100000] [--respondents 8] [--batch 500]
                                        [--baseline 20] [--databases sqlite,postgres] [--seed 1]

For each database (each in a child process of its own, so settings stay per database) it:

1. creates a scratch database: on PostgreSQL `partnerscan_bench_imports` on the server of
   `DATABASE_URL` (default 127.0.0.1:5432, user postgres; dropped and created again, dropped at
   the end), on SQLite a file in a temporary folder (WAL, as the settings make it); migrates;
2. creates an organisation with 6 departments and an open assessment of the shipped model
   (19 aspects), and `--respondents` started responses through the domain functions;
3. generates a Responses CSV of `--rows` respondents (every aspect answered, 4 % don't know,
   a comment on 5 % of the aspects, roles, departments and groups the assessment knows);
4. baseline: the respondents autosave for `--baseline` seconds with no import running, each
   as the autosave view does it (`domain.find_response`, then `domain.save_answer`), pausing
   10–100 ms between saves;
5. queues the file as an import job (`imports.queue_import`) and runs it in a separate worker
   process (`partnerscan run_imports`, as in production) while the same respondents keep
   autosaving until the worker exits;
6. prints the import's duration and rows per second, the autosave latencies (p50, p99, max)
   without and during the import with their ratio, and checks the result (job done, every
   imported respondent counting).

Goal (issue 12): autosave p99 under 1 s during a 100,000-row import.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
PG_NAME = "partnerscan_bench_imports"
DEPARTMENTS = ["Policy", "Operations", "Finance", "Sales", "Care", "IT"]
PAUSE = (0.01, 0.1)  # seconds between two autosaves of one respondent


# --- the parent: one child per database ----------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--respondents", type=int, default=8, help="concurrent autosavers")
    parser.add_argument("--batch", type=int, default=None, help="respondents per write batch")
    parser.add_argument("--baseline", type=float, default=20.0, help="seconds of baseline")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--child", choices=("postgres", "sqlite"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.child:
        return child(args)
    status = 0
    for database in [d.strip() for d in args.databases.split(",") if d.strip()]:
        command = [sys.executable, __file__, *(argv or sys.argv[1:]), "--child", database]
        status |= subprocess.run(command, check=False).returncode
    return status


# --- a child: one database -----------------------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server of DATABASE_URL (any database name), or the default."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("postgres") else PG_DEFAULT


def configure(database: str, folder: str) -> dict[str, str]:
    """Settings before Django starts; returned too, for the worker process."""
    env = {"DATA_DIR": folder, "DJANGO_SETTINGS_MODULE": "partnerscan.settings"}
    os.environ.pop("DATABASE_URL", None)
    if database == "postgres":
        env["DATABASE_URL"] = server_url().rsplit("/", 1)[0] + f"/{PG_NAME}"
    os.environ.update(env)
    return env


def recreate_postgres(drop_only: bool = False) -> None:
    import psycopg

    admin_url = server_url().rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(
        admin_url.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as c:
        c.execute(f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")
        if not drop_only:
            c.execute(f"CREATE DATABASE {PG_NAME}")


def child(args: argparse.Namespace) -> int:
    folder = tempfile.mkdtemp(prefix="partnerscan-bench-imports-")
    database = args.child
    if database == "postgres":
        recreate_postgres()
    env = configure(database, folder)
    try:
        import django

        django.setup()
        return run(args, env)
    finally:
        if database == "postgres":
            from django.db import connections

            connections.close_all()
            recreate_postgres(drop_only=True)


def run(args: argparse.Namespace, env: dict[str, str]) -> int:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    assessment, tokens = scene(args.respondents)
    started = time.perf_counter()
    data = generate(assessment, args.rows, args.seed)
    print(
        f"\n== {connection.vendor} {version()} · {args.rows:,} rows × "
        f"{len(assessment.capability_model.aspects)} aspects ({len(data) / 1e6:.1f} MB, "
        f"made in {time.perf_counter() - started:.0f} s) · {args.respondents} respondents "
        "autosaving"
    )
    baseline = autosave_while(tokens, lambda: time.sleep(args.baseline), args.seed)
    job, seconds, during = import_while_autosaving(assessment, data, tokens, env, args)
    report(args.rows, job, seconds, baseline, during)
    return 0 if job.state == "done" else 1


def version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sqlite_version()" if connection.vendor == "sqlite" else "SHOW server_version"
        )
        return str(cursor.fetchone()[0])


def scene(respondents: int) -> tuple[Any, list[str]]:
    """An open assessment of the shipped model and started respondents' tokens."""
    from partnerscan.accounts import domain as accounts_domain
    from partnerscan.accounts.models import User
    from partnerscan.assessments import domain

    user = User.objects.create_user("bench@example.org", "bench-password-1")
    organisation = accounts_domain.create_organisation(user, "Bench", departments=DEPARTMENTS)
    assessment = domain.create_assessment(organisation, user, title="Import bench")
    assessment = domain.open_assessment(assessment)
    tokens = domain.create_links(assessment, respondents)
    for token in tokens:
        invitation = domain.find_invitation(token)
        assert invitation is not None
        domain.start_response(invitation, token)
    return assessment, tokens


def generate(assessment: Any, rows: int, seed: int) -> bytes:
    """A Responses CSV the assessment accepts, as a spreadsheet would save it."""
    from partnerscan.scoring.records import AspectAnswer, RespondentRecord
    from partnerscan.scoring.responses_csv_writer import write_responses_csv

    model = assessment.capability_model
    rng = random.Random(seed)
    roles = [o.id for q in model.context if q.id == "role" for o in q.options]

    def level() -> int | str:
        return "dk" if rng.random() < 0.04 else rng.randint(1, 5)

    records = (
        RespondentRecord(
            id=f"paper-{i:06d}",
            role=rng.choice(roles),
            department=rng.choice(DEPARTMENTS),
            group=rng.choice(("internal", "external")),
            answers={a.id: AspectAnswer(level(), level()) for a in model.aspects},  # type: ignore[arg-type]
            comments={
                a.id: "Op papier, na de workshop" for a in model.aspects if rng.random() < 0.05
            },
        )
        for i in range(rows)
    )
    return write_responses_csv(model, records).encode("utf-8-sig")


def autosave_while(tokens: list[str], activity: Any, seed: int) -> list[float]:
    """Latencies (s) of the respondents' autosaves while `activity()` runs in this thread."""
    from django.db import connection

    from partnerscan.assessments import domain

    stop = threading.Event()
    latencies: list[float] = []
    lock = threading.Lock()

    def respondent(number: int, token: str) -> None:
        rng = random.Random(seed * 1000 + number)
        try:
            aspects = [
                a.id for a in domain.find_response(token).assessment.capability_model.aspects
            ]  # type: ignore[union-attr]
            while not stop.is_set():
                aspect, field = rng.choice(aspects), rng.choice(("current", "ambition"))
                started = time.perf_counter()
                response = domain.find_response(token)
                assert response is not None
                domain.save_answer(response, aspect, field, str(rng.randint(1, 5)))
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                time.sleep(rng.uniform(*PAUSE))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=respondent, args=(n, t), daemon=True) for n, t in enumerate(tokens)
    ]
    for thread in threads:
        thread.start()
    try:
        activity()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return latencies


def import_while_autosaving(
    assessment: Any, data: bytes, tokens: list[str], env: dict[str, str], args: argparse.Namespace
) -> tuple[Any, float, list[float]]:
    from partnerscan.assessments import imports

    job = imports.queue_import(assessment, data, "bench.csv")
    worker_env = {**os.environ, **env}
    command = [sys.executable, "-m", "partnerscan.cli", "run_imports"]
    if args.batch:
        command += ["--batch", str(args.batch)]
    elapsed: list[float] = []
    phases: list[str] = []  # the worker's log line with the time of each step

    def worker() -> None:
        started = time.perf_counter()
        done = subprocess.run(
            command,
            env={**worker_env, "LOG_LEVEL": "INFO"},
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        elapsed.append(time.perf_counter() - started)
        phases.extend(line for line in done.stderr.splitlines() if "import job" in line)

    during = autosave_while(tokens, worker, args.seed + 1)
    print(*phases, sep="\n")
    job.refresh_from_db()
    return job, elapsed[0], during


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(rows: int, job: Any, seconds: float, baseline: list[float], during: list[float]) -> None:
    from partnerscan.assessments.models import Response

    counting = Response.objects.filter(imported=True).counting().count()
    assert job.finished_at and job.started_at
    inside = (job.finished_at - job.started_at).total_seconds()
    print(
        f"import: {job.state}, {counting:,} respondents counting · worker process {seconds:.1f} s "
        f"(job {inside:.1f} s) · {rows / seconds:,.0f} rows/s"
    )
    if job.errors:
        print("  first problems:", job.errors[:3])
    print(f"{'autosave':<22}{'saves':>8}{'p50 ms':>10}{'p99 ms':>10}{'max ms':>10}")
    for name, values in (("without import", baseline), ("during import", during)):
        print(
            f"{name:<22}{len(values):>8}{1000 * statistics.median(values):>10.1f}"
            f"{1000 * percentile(values, 0.99):>10.1f}{1000 * max(values):>10.1f}"
        )
    ratio = percentile(during, 0.99) / percentile(baseline, 0.99)
    goal = "met" if percentile(during, 0.99) < 1.0 else "NOT met"
    print(f"p99 during ÷ without: {ratio:.1f} · goal p99 < 1 s during the import: {goal}")


if __name__ == "__main__":
    raise SystemExit(main())
