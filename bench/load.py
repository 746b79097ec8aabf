"""Load test of the respondent pages on PostgreSQL behind gunicorn, with a loss check.

Run: .venv/bin/python bench/load.py [--paced 50] [--think 1 2] [--respondents 200]
                                    [--concurrency 50] [--servers 1 2] [--workers 2]
                                    [--duration-limit 300] [--conn-max-age 60]

Per run it recreates the scratch database `partnerscan_bench`, seeds an open assessment with
personal links through the domain functions, starts gunicorn (one or more instances on the same
database), and lets simulated respondents open their link, autosave every answer (some twice,
some changed, a few comments) and submit (some twice), in two scenarios:

* paced: `--paced` respondents at once, each pausing `--think` seconds (uniform) before every
  answer, as people answering at the same time; the p99 goal is measured here;
* saturated: `--respondents` respondents, `--concurrency` at a time, back to back with no pause,
  then a minimal baseline view (bench/load_urls.py) with the same requests the same way; the
  throughput ratio is measured here, and its latencies show the queue of a saturated server.

It prints requests per second and p50/p95/p99 per endpoint of each phase, and checks the
database: every acknowledged answer stored once with the last value sent, every submitted
response submitted, and the scoring results of the closed assessment equal to the scores of
the answers sent. Exit 1 on an error, a lost answer or other results; the speed goals are
printed, never asserted (STYLE.md habit 10).

The parts: load_options.py (the command line), load_plans.py (what each respondent sends),
load_clients.py (the simulated clients), load_servers.py (gunicorn and its environment),
load_database.py (seeding and checking) and load_report.py (the figures and goals).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import IO

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_servers import BENCH_ENV  # noqa: E402

os.environ.update(BENCH_ENV)

import django  # noqa: E402

django.setup()

from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.load_clients import Recorder, baseline_client, respond, run_all  # noqa: E402
from bench.load_database import (  # noqa: E402
    check_answers,
    check_results,
    drop_database,
    recreate_database,
    seed,
)
from bench.load_options import Options, parse  # noqa: E402
from bench.load_plans import LEVEL_FIELDS, Respondent, plan  # noqa: E402
from bench.load_report import Phase, Phases, load_average, report  # noqa: E402
from bench.load_servers import Cluster, servers, warm_up  # noqa: E402
from partnerscan.capability.loader import get_model  # noqa: E402

# Profile: where the time of one autosave goes, in a single process ------------------------


def profile_saves(count: int) -> None:
    """cProfile over `count` autosaves through Django's test client (no HTTP server, no
    concurrency), then the queries of one save with their times."""
    recreate_database()
    seeded = seed(1, 1)
    token = seeded.tokens[0]
    aspects = [a.id for a in get_model().aspects]
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(f"/r/{token}/")
    saves = [
        {"aspect": aspects[n % len(aspects)], "field": LEVEL_FIELDS[n % 2], "value": str(n % 5 + 1)}
        for n in range(count)
    ]
    cpu_per_request(
        client, f"/r/{token}/save/", f"/bench/baseline/{seeded.baseline_ids[0]}/", saves
    )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(lambda: [client.post(f"/r/{token}/save/", data) for data in saves])
    each = 1000 * (time.perf_counter() - started) / count
    print(f"{count} autosaves in one process under cProfile: {each:.2f} ms each")
    only = os.environ.get("PROFILE_FILTER", "")  # e.g. "partnerscan": our own code only
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(only, 25)
    with CaptureQueriesContext(connections["default"]) as queries:
        client.post(f"/r/{token}/save/", saves[0])
    print(f"queries of one autosave: {len(queries)}")
    for query in queries:
        print(f"  {1000 * float(query['time']):6.2f} ms  {query['sql'][:150]}")


def cpu_per_request(client: Client, save: str, baseline: str, saves: list[dict[str, str]]) -> None:
    """CPU time of this process per autosave and per baseline save (the minimal view), in
    interleaved batches of 50 so other work on the machine falls on both alike; the median
    batch. The load test's throughput ratio follows this ratio once the servers are saturated:
    goal autosave ÷ baseline ≤ 1 / 0.6 = 1.67."""
    client.get(baseline)
    batches: dict[str, list[float]] = {"autosave": [], "baseline": []}
    for start in range(0, len(saves), 50):
        batch = saves[start : start + 50]
        for name, url in (("autosave", save), ("baseline", baseline)):
            cpu = time.process_time()
            for data in batch:
                assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
            batches[name].append(1000 * (time.process_time() - cpu) / len(batch))
    auto, base = (statistics.median(batches[name]) for name in ("autosave", "baseline"))
    verdict = "met" if auto / base <= 1 / 0.6 else "not met"
    print(f"CPU per request in one process (median of {len(batches['autosave'])} batches of 50):")
    print(f"  autosave {auto:.2f} ms, baseline {base:.2f} ms, ratio {auto / base:.2f}")
    print(f"  goal ratio at most 1.67 (throughput at least 60 % of the baseline's): {verdict}\n")


# One run -----------------------------------------------------------------------------------


def phase(cluster: Cluster, jobs: list[Callable[[Recorder], None]], concurrency: int) -> Phase:
    recorder = Recorder()
    app, client = cluster.worker_cpu(), time.process_time()
    seconds = run_all([lambda job=job: job(recorder) for job in jobs], concurrency)
    app, client = cluster.worker_cpu() - app, time.process_time() - client
    return Phase(recorder, seconds, app, client)


def measure(
    options: Options,
    cluster: Cluster,
    paced: list[Respondent],
    saturated: list[Respondent],
    baseline_ids: list[str],
) -> Phases:
    """Paced respondents, then back-to-back ones, then the baseline with the same requests
    per client as the back-to-back ones; each phase bounded by the duration limit."""
    ports, think = cluster.ports, (options.think[0], options.think[1])

    def deadline() -> float:
        return time.monotonic() + options.duration_limit

    people = None
    if paced:
        jobs = [partial(respond, r, ports, deadline=deadline(), think=think) for r in paced]
        people = phase(cluster, jobs, len(paced))
    jobs = [partial(respond, r, ports, deadline=deadline(), think=None) for r in saturated]
    load = phase(cluster, jobs, options.concurrency)
    end = deadline()
    jobs = [
        partial(baseline_client, pk, r.posts, ports[r.index % len(ports)], deadline=end)
        for r, pk in zip(saturated, baseline_ids, strict=True)
    ]
    return Phases(people, load, phase(cluster, jobs, options.concurrency))


def run(options: Options, count: int, log: IO[bytes]) -> tuple[bool, str | None]:
    """One run on a fresh database with `count` servers: whether it passed, and the digest of
    its results when every respondent finished (only then can two runs be compared)."""
    recreate_database()
    seeded = seed(options.paced + options.respondents, options.respondents)
    aspects = [a.id for a in seeded.assessment.capability_model.aspects]
    respondents = [plan(i, t, aspects, options.seed) for i, t in enumerate(seeded.tokens)]
    paced, saturated = respondents[: options.paced], respondents[options.paced :]
    print(
        f"\n== {count} server(s) x {options.workers} gunicorn workers, "
        f"CONN_MAX_AGE={options.conn_max_age}; load average {load_average()} at the start =="
    )
    with servers(count, options, log) as cluster:
        warm_up(cluster.ports, seeded.spare_tokens[0], aspects[0])
        phases = measure(options, cluster, paced, saturated, seeded.baseline_ids)
    check = check_answers(respondents)
    same, result_digest = check_results(seeded.assessment, respondents)
    passed = report(options, phases, check, same)
    print(f"  load average {load_average()} at the end (1/5/15 min, {os.cpu_count()} cores)")
    return passed, None if check.unfinished else result_digest


def main(argv: list[str] | None = None) -> int:
    options = parse(argv, __doc__.split("\n")[0])
    if options.profile:
        try:
            profile_saves(options.profile)
        finally:
            drop_database()
        return 0
    digests: list[str | None] = []
    passed = True
    with tempfile.NamedTemporaryFile(
        prefix="partnerscan-load-", suffix=".log", delete=False
    ) as log:
        try:
            for count in options.servers:
                ok, result_digest = run(options, count, log)
                passed &= ok
                digests.append(result_digest)
        finally:
            drop_database()
    if len(digests) > 1 and None not in digests:
        same = len(set(digests)) == 1
        print(f"Results of the server setups for the same answers: {'same' if same else 'DIFFER'}")
        passed &= same
    if passed:
        os.unlink(log.name)
    else:
        print(f"FAILED; the servers' log is {log.name}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
