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
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import http.client
import json
import math
import os
import pstats
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB_NAME = "partnerscan_bench"
PG_URL = "postgresql://postgres@127.0.0.1:5432"
# The same environment for this process (seeding, checking) and the servers, as production
# would set it; the secret is per run because nothing outlives the scratch database.
BENCH_ENV = {
    "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
    "DJANGO_SETTINGS_MODULE": "bench.load_settings",
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    # Plain HTTP on the loopback: in production TLS ends at the proxy in front of gunicorn.
    "SECURE_SSL_REDIRECT": "0",
    "LOG_LEVEL": "ERROR",
}
os.environ.update(BENCH_ENV)

import django  # noqa: E402
import numpy as np  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from partnerscan.accounts import domain as accounts_domain  # noqa: E402
from partnerscan.accounts.models import User  # noqa: E402
from partnerscan.assessments import domain  # noqa: E402
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response  # noqa: E402
from partnerscan.assessments.visible_results import ENGINE_CODE, assessment_results  # noqa: E402
from partnerscan.capability.loader import get_model  # noqa: E402
from partnerscan.capability.schema import CapabilityModel  # noqa: E402
from partnerscan.core import tokens  # noqa: E402
from partnerscan.scoring import Labels, ResponseMatrix, score  # noqa: E402

LEVELS = ["1", "2", "3", "4", "5", "dk"]
LEVEL_FIELDS = ("current", "ambition")
LEVEL_WEIGHTS = [10, 22, 30, 22, 10, 6]
CHANGED_MIND, RETRY, COMMENT, DOUBLE_SUBMIT = 0.10, 0.10, 0.15, 0.20
TIMEOUT = 30.0
GOAL_P99_MS, GOAL_RATIO = 100.0, 0.60


# Plans: what each simulated respondent will send -----------------------------------------


@dataclass(frozen=True)
class Save:
    aspect: str
    field: str
    value: str


@dataclass
class Respondent:
    index: int
    token: str
    saves: list[Save]
    double_submit: bool
    acknowledged: dict[tuple[str, str], str] = field(default_factory=dict)
    posts: int = 0
    submitted: bool = False
    finished: bool = False


def level_saves(rng: random.Random, aspect: str, name: str) -> list[Save]:
    """One level answer: sometimes first another level (a changed mind), sometimes a retry."""
    final = rng.choices(LEVELS, LEVEL_WEIGHTS)[0]
    saves = [Save(aspect, name, final)]
    if rng.random() < CHANGED_MIND:
        saves.insert(0, Save(aspect, name, rng.choice([v for v in LEVELS if v != final])))
    if rng.random() < RETRY:
        saves.append(Save(aspect, name, final))
    return saves


def plan(index: int, token: str, aspects: list[str], seed: int) -> Respondent:
    """The same seed gives the same answers, whichever server setup they are sent to."""
    rng = random.Random(f"{seed}:{index}")
    saves: list[Save] = []
    for aspect in aspects:
        saves += level_saves(rng, aspect, "current") + level_saves(rng, aspect, "ambition")
        if rng.random() < COMMENT:
            # Non-ASCII and surrounding space: the stored text is the stripped UTF-8 text.
            saves.append(Save(aspect, "comment", f" Samenwerking – respondent {index} ✓ "))
    return Respondent(index, token, saves, rng.random() < DOUBLE_SUBMIT)


# HTTP: one connection per request, as gunicorn's sync workers close it anyway ------------


class Recorder:
    """Latencies and errors per endpoint, shared by all client threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.samples: list[str] = []

    def add(self, endpoint: str, seconds: float, error: str = "") -> None:
        with self.lock:
            self.times[endpoint].append(seconds)
            if error:
                self.errors[endpoint] += 1
                if len(self.samples) < 5:
                    self.samples.append(f"{endpoint}: {error}")


@dataclass(frozen=True)
class Reply:
    status: int
    csrf: str


def send(port: int, method: str, path: str, data: dict[str, str], csrf: str) -> Reply:
    headers = {"HX-Request": "true"}
    body = urlencode(data) if method == "POST" else None
    if body is not None:
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-CSRFToken": csrf,
            "Cookie": f"csrftoken={csrf}",
        }
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        reply.read()
        cookie = SimpleCookie(reply.headers.get("Set-Cookie", ""))
        return Reply(reply.status, cookie["csrftoken"].value if "csrftoken" in cookie else csrf)
    finally:
        connection.close()


def timed(
    recorder: Recorder,
    endpoint: str,
    expect: int,
    port: int,
    method: str,
    path: str,
    data: dict[str, str] | None = None,
    csrf: str = "",
) -> Reply | None:
    """The reply when it has the expected status; otherwise None, counted as an error."""
    started = time.perf_counter()
    try:
        reply = send(port, method, path, data or {}, csrf)
    except (OSError, http.client.HTTPException) as exc:
        recorder.add(endpoint, time.perf_counter() - started, f"{type(exc).__name__} {exc}")
        return None
    error = "" if reply.status == expect else f"status {reply.status}"
    recorder.add(endpoint, time.perf_counter() - started, error)
    return None if error else reply


# The simulated clients -------------------------------------------------------------------


Think = tuple[float, float] | None  # seconds before each answer, (least, most); None: none


def pause(think: Think, deadline: float) -> None:
    if think:
        time.sleep(max(0.0, min(random.uniform(*think), deadline - time.monotonic())))


def respond(
    r: Respondent, ports: list[int], recorder: Recorder, *, deadline: float, think: Think
) -> None:
    """Open the link, autosave every answer, submit. A retry of the same save goes to the next
    server, as a load balancer without sticky sessions would send it. With `think` the
    respondent pauses before every answer and arrives within the first pause, as people do;
    without it, latency only says how long the queue is."""
    port, other = ports[r.index % len(ports)], ports[(r.index + 1) % len(ports)]
    pause(think and (0.0, think[1]), deadline)
    page = timed(recorder, "start", 200, port, "GET", f"/r/{r.token}/")
    if page is None or not page.csrf:
        return
    previous = None
    for save in r.saves:
        pause(think, deadline)
        if time.monotonic() > deadline:
            return
        target = other if save == previous else port
        data = {"aspect": save.aspect, "field": save.field, "value": save.value}
        r.posts += 1
        if timed(recorder, "save", 200, target, "POST", f"/r/{r.token}/save/", data, page.csrf):
            r.acknowledged[(save.aspect, save.field)] = save.value
        previous = save
    for _ in range(2 if r.double_submit else 1):
        pause(think, deadline)
        r.posts += 1
        if timed(recorder, "submit", 302, port, "POST", f"/r/{r.token}/submit/", {}, page.csrf):
            r.submitted = True
    r.finished = True


def baseline_client(
    response_id: str, posts: int, port: int, recorder: Recorder, *, deadline: float
) -> None:
    """The same number of requests as one respondent, on the minimal view."""
    path = f"/bench/baseline/{response_id}/"
    page = timed(recorder, "baseline-get", 200, port, "GET", path)
    if page is None:
        return
    for n in range(posts):
        if time.monotonic() > deadline:
            return
        data = {"aspect": f"aspect-{n // 2}", "field": ("current", "ambition")[n % 2], "value": "3"}
        timed(recorder, "baseline", 200, port, "POST", path, data, page.csrf)


def run_all(jobs: list[Callable[[], None]], concurrency: int) -> float:
    """Seconds to run every job with at most `concurrency` at a time."""
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()
    return time.perf_counter() - started


# Database: scratch database, seeding, checking --------------------------------------------


def recreate_database() -> None:
    connections.close_all()
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("createcachetable", verbosity=0)  # the rate limits' cache, as `make install`


def drop_database() -> None:
    connections.close_all()
    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


@dataclass(frozen=True)
class Seeded:
    assessment: Assessment
    tokens: list[str]
    spare_tokens: list[str]
    baseline_ids: list[str]


def seed(respondents: int, baseline_clients: int) -> Seeded:
    """An open assessment, a link per respondent, and one started response per baseline
    client (the baseline writes to those, never to a respondent's)."""
    owner = User.objects.create_user("bench@example.org")
    organisation = accounts_domain.create_organisation(owner, "Bench BV")
    assessment = domain.create_assessment(organisation, owner, title="Load test")
    assessment = domain.open_assessment(assessment)
    links = domain.create_links(assessment, respondents)
    spare = domain.create_links(assessment, max(1, baseline_clients))
    baseline_ids = [
        str(domain.start_response(domain.find_invitation(token), token).pk)  # type: ignore[arg-type]
        for token in spare
    ]
    return Seeded(assessment, links, spare, baseline_ids)


def stored_code(field_name: str, value: str) -> int | str:
    if field_name == "comment":
        return value.strip()
    return DONT_KNOW if value == "dk" else int(value)


@dataclass
class Check:
    missing: int = 0
    duplicated: int = 0
    different: int = 0
    unexpected: int = 0
    unsubmitted: int = 0
    unfinished: int = 0

    @property
    def lost(self) -> int:
        return self.missing + self.duplicated + self.different + self.unexpected

    @property
    def ok(self) -> bool:
        return not (self.lost or self.unsubmitted)


Cell = tuple[int, str, str]  # respondent index, aspect, field


def stored_cells(respondents: list[Respondent]) -> tuple[dict[Cell, Any], int, set[int]]:
    """Every non-blank stored answer of the respondents, how many answer rows are duplicates,
    and which respondents' responses are submitted. Responses are found by the token's hash."""
    index_of = {tokens.response_hash(r.token): r.index for r in respondents}
    rows = Response.objects.filter(key_hash__in=index_of).values_list("id", "key_hash", "submitted")
    respondent_of = {pk: index_of[key] for pk, key, _s in rows}
    submitted = {index_of[key] for _pk, key, done in rows if done}
    cells: dict[Cell, Any] = {}
    seen: set[tuple[int, str]] = set()
    duplicated = 0
    answers = Answer.objects.filter(response_id__in=respondent_of).values_list(
        "response_id", "aspect", "current", "ambition", "comment"
    )
    for pk, aspect, *values in answers:
        index = respondent_of[pk]
        duplicated += (index, aspect) in seen
        seen.add((index, aspect))
        for name, value in zip(("current", "ambition", "comment"), values, strict=True):
            if value not in (None, ""):
                cells[(index, aspect, name)] = value
    return cells, duplicated, submitted


def sent_cells(respondents: list[Respondent]) -> dict[Cell, Any]:
    """The last acknowledged value of every answer, as the database should store it."""
    return {
        (r.index, aspect, name): stored_code(name, value)
        for r in respondents
        for (aspect, name), value in r.acknowledged.items()
    }


def check_answers(respondents: list[Respondent]) -> Check:
    stored, duplicated, submitted = stored_cells(respondents)
    sent = sent_cells(respondents)
    return Check(
        missing=sum(cell not in stored for cell in sent),
        duplicated=duplicated,
        different=sum(cell in stored and stored[cell] != value for cell, value in sent.items()),
        unexpected=sum(cell not in sent for cell in stored),
        unsubmitted=sum(r.submitted and r.index not in submitted for r in respondents),
        unfinished=sum(not r.finished for r in respondents),
    )


# Results: the scores of the closed assessment against the scores of what was sent ----------


def sent_matrix(model: CapabilityModel, respondents: list[Respondent]) -> ResponseMatrix:
    """The response matrix the engine should see: the answers as the respondents sent them."""
    done = [r for r in respondents if r.submitted]
    aspects = [a.id for a in model.aspects]
    levels = {name: np.zeros((len(done), len(aspects)), dtype=np.int8) for name in LEVEL_FIELDS}
    for i, r in enumerate(done):
        for (aspect, name), value in r.acknowledged.items():
            if name in levels:
                levels[name][i, aspects.index(aspect)] = ENGINE_CODE[stored_code(name, value)]
    blank = Labels.from_values([""] * len(done))  # no role, department or group was given
    return ResponseMatrix.from_arrays(aspects, *levels.values(), blank, blank, blank)


def rounded(value: Any) -> Any:
    """Floats to 9 decimals: the database may hand the rows over in another order, and a sum
    in another order may differ in the last bit."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def digest(results: Any) -> str:
    if results is None:
        return "no results"
    text = json.dumps(rounded(results.to_dict()), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def check_results(assessment: Assessment, respondents: list[Respondent]) -> tuple[bool, str]:
    """Close the round and compare its results with the scores of the answers sent."""
    assessment = domain.close_assessment(assessment)
    model = assessment.capability_model
    shares = {key: float(value) for key, value in (assessment.shares or {}).items()}
    matrix = sent_matrix(model, respondents)
    expected = score(model, matrix, shares=shares, min_group=assessment.min_group, lang="en")
    got = digest(assessment_results(assessment, "en"))
    return got == digest(expected), got


# Servers -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(port: int, options: Options, log: IO[bytes]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "partnerscan.wsgi:application"]
    command += ["--workers", str(options.workers), "--bind", f"127.0.0.1:{port}"]
    command += ["--chdir", str(ROOT), "--timeout", "60", "--log-level", "warning"]
    env = os.environ | BENCH_ENV
    env |= {"PYTHONPATH": str(ROOT), "CONN_MAX_AGE": str(options.conn_max_age)}
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


def wait_ready(port: int, process: subprocess.Popen[bytes], log: IO[bytes]) -> None:
    probe = "/bench/baseline/00000000-0000-0000-0000-000000000000/"  # a GET touches no table
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} exited; its log is in {log.name}")
        try:
            if send(port, "GET", probe, {}, "").status == 200:
                return
        except OSError:
            pass  # not listening yet
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not answer within 30 s")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()  # gunicorn finishes its requests on SIGTERM
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process, from /proc (fields 14 and 15 of its stat line)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Cluster:
    ports: list[int]
    masters: list[int]

    def worker_cpu(self) -> float:
        """CPU seconds used so far by the gunicorn workers: the app's own cost, which other
        load on a shared machine does not inflate the way it inflates latencies."""
        total = 0.0
        for master in self.masters:
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            total += sum(cpu_seconds(int(pid)) for pid in children)
        return total


@contextmanager
def servers(count: int, options: Options, log: IO[bytes]) -> Iterator[Cluster]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        ports = [free_port() for _ in range(count)]
        started = [start_server(port, options, log) for port in ports]
        for port, process in zip(ports, started, strict=True):
            wait_ready(port, process, log)
        yield Cluster(ports, [process.pid for process in started])
    finally:
        for process in started:
            stop_server(process)


def warm_up(ports: list[int], token: str, aspect: str) -> None:
    """Fill each worker's caches (URLs, templates, the model file) before measuring; the
    writes go to a baseline response, which the checks leave alone."""
    for port in ports:
        for _ in range(10):
            page = send(port, "GET", f"/r/{token}/", {}, "")
            data = {"aspect": aspect, "field": "current", "value": "3"}
            send(port, "POST", f"/r/{token}/save/", data, page.csrf)


# Report ------------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def p99_ms(recorder: Recorder, endpoint: str) -> float:
    times = recorder.times[endpoint]
    return 1000 * percentile(times, 99) if times else math.inf


def print_table(recorder: Recorder) -> None:
    print(f"  {'endpoint':<13}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}")
    for endpoint, times in recorder.times.items():
        ms = [
            1000 * p for p in (percentile(times, 50), percentile(times, 95), percentile(times, 99))
        ]
        errors = recorder.errors[endpoint]
        print(f"  {endpoint:<13}{len(times):>9}{errors:>8}{ms[0]:>9.1f}{ms[1]:>9.1f}{ms[2]:>9.1f}")
    for sample in recorder.samples:
        print(f"    e.g. {sample}")


def goal(met: bool, text: str) -> None:
    print(f"  [{'met' if met else 'NOT MET'}] {text}")


# Profile: where the time of one autosave goes, in a single process ------------------------


def profile_saves(count: int) -> None:
    """cProfile over `count` autosaves through Django's test client (no HTTP server, no
    concurrency), then the queries of one save with their times."""
    recreate_database()
    token = seed(1, 1).tokens[0]
    aspects = [a.id for a in get_model().aspects]
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(f"/r/{token}/")
    saves = [
        {"aspect": aspects[n % len(aspects)], "field": LEVEL_FIELDS[n % 2], "value": str(n % 5 + 1)}
        for n in range(count)
    ]
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.runcall(lambda: [client.post(f"/r/{token}/save/", data) for data in saves])
    each = 1000 * (time.perf_counter() - started) / count
    print(f"{count} autosaves in one process under cProfile: {each:.2f} ms each")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    with CaptureQueriesContext(connections["default"]) as queries:
        client.post(f"/r/{token}/save/", saves[0])
    print(f"queries of one autosave: {len(queries)}")
    for query in queries:
        print(f"  {1000 * float(query['time']):6.2f} ms  {query['sql'][:150]}")


# One run -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    paced: int
    think: list[float]
    respondents: int
    concurrency: int
    servers: list[int]
    workers: int
    duration_limit: float
    conn_max_age: int
    seed: int
    profile: int

    @property
    def think_text(self) -> str:
        return f"{self.think[0]:g}–{self.think[1]:g} s"


@dataclass(frozen=True)
class Phase:
    recorder: Recorder
    seconds: float
    app_cpu: float  # seconds, all gunicorn workers
    client_cpu: float  # seconds, this process's threads

    @property
    def requests(self) -> int:
        return sum(len(times) for times in self.recorder.times.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def app_ms(self) -> float:
        return 1000 * self.app_cpu / self.requests


def phase(cluster: Cluster, jobs: list[Callable[[Recorder], None]], concurrency: int) -> Phase:
    recorder = Recorder()
    app, client = cluster.worker_cpu(), time.process_time()
    seconds = run_all([lambda job=job: job(recorder) for job in jobs], concurrency)
    app, client = cluster.worker_cpu() - app, time.process_time() - client
    return Phase(recorder, seconds, app, client)


@dataclass(frozen=True)
class Phases:
    paced: Phase | None  # None when --paced 0
    saturated: Phase
    baseline: Phase

    def all(self) -> list[Phase]:
        return [p for p in (self.paced, self.saturated, self.baseline) if p is not None]


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


def print_phase(title: str, name: str, p: Phase) -> None:
    print(f"  -- {title}")
    print_table(p.recorder)
    print(
        f"  {name}: {p.per_second:.0f} requests/s over {p.seconds:.1f} s; app CPU "
        f"{p.app_ms:.1f} ms per request; load generator CPU {p.client_cpu:.0f} s"
    )


def load_average() -> str:
    return "/".join(f"{value:.1f}" for value in os.getloadavg())


def report(options: Options, phases: Phases, check: Check, same: bool) -> bool:
    """Print the figures and the goals; True when nothing was lost or refused."""
    people, load, base = phases.paced, phases.saturated, phases.baseline
    if people is not None:
        print_phase(
            f"paced: {options.paced} respondents at once, {options.think_text} before each answer",
            "paced respondents",
            people,
        )
    print_phase(
        f"saturated: {options.respondents} respondents, {options.concurrency} at a time, back "
        "to back",
        "respondents",
        load,
    )
    print_phase("baseline: the minimal view, the same requests the same way", "baseline", base)
    print(
        f"  database: {check.missing} missing, {check.duplicated} duplicated, {check.different} "
        f"different, {check.unexpected} unexpected answers; {check.unsubmitted} not submitted; "
        f"{check.unfinished} respondents stopped by the time limit"
    )
    verdict = "same as" if same else "DIFFER FROM"
    print(f"  results of the closed assessment: {verdict} the scores of the answers sent")
    errors = sum(sum(p.recorder.errors.values()) for p in phases.all())
    print("  goals:")
    goal(errors == 0, f"0 errors ({errors})")
    goal(check.ok, f"0 lost answers ({check.lost} lost, {check.unsubmitted} not submitted)")
    goal(not check.unfinished, f"every respondent done within {options.duration_limit:.0f} s")
    if people is not None:
        p99 = p99_ms(people.recorder, "save")
        goal(
            p99 < GOAL_P99_MS,
            f"p99 autosave under {GOAL_P99_MS:.0f} ms at {options.paced} concurrent respondents, "
            f"{options.think_text} between answers ({p99:.0f} ms)",
        )
    print(
        f"  (saturation, not a goal: p99 autosave {p99_ms(load.recorder, 'save'):.0f} ms with "
        f"{options.concurrency} back-to-back clients)"
    )
    ratio, cpu_ratio = load.per_second / base.per_second, base.app_ms / load.app_ms
    goal(
        ratio >= GOAL_RATIO,
        f"autosave throughput at least {GOAL_RATIO:.0%} of the minimal view ({ratio:.0%}; "
        f"by app CPU per request {cpu_ratio:.0%})",
    )
    return errors == 0 and check.ok and same


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


def parse(argv: list[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paced", type=int, default=50, help="paced respondents, all at once")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=[1.0, 2.0],
        metavar=("LEAST", "MOST"),
        help="seconds a paced respondent takes per answer (uniform)",
    )
    parser.add_argument("--respondents", type=int, default=200, help="back-to-back respondents")
    parser.add_argument("--concurrency", type=int, default=50, help="back-to-back at a time")
    parser.add_argument("--servers", type=int, nargs="+", default=[1, 2], choices=[1, 2])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument("--duration-limit", type=float, default=300, help="seconds per phase")
    parser.add_argument("--conn-max-age", type=int, default=60, help="CONN_MAX_AGE of servers")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--profile", type=int, default=0, help="profile N autosaves instead")
    args = parser.parse_args(argv)
    if not 0 <= args.think[0] <= args.think[1]:
        parser.error("--think LEAST MOST needs 0 <= LEAST <= MOST")
    return Options(**vars(args))


def main(argv: list[str] | None = None) -> int:
    options = parse(argv)
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
