"""Benchmark of the results reports: dashboard, PDF and streamed exports.

Run: .venv/bin/python bench/report.py [--demo-runs 5] [--first-runs 3] [--sizes 100,1000,10000]
                                      [--export-sizes 10000,100000]

Sets up its own SQLite database in a temporary folder. First the demo round (`load_demo`'s
follow-up round, with its trend, benchmark, plan and comments): the PDF as a board member gets
it, the first request of the process (WeasyPrint's import and fonts included) and warm (the
fastest of --demo-runs), in wall and CPU time, against a baseline in the same run: WeasyPrint
turning as many A4 pages of plain text as the report has, with the same fonts and style sheet,
into a PDF; then as a server serves it, in fresh processes started by `partnerscan/wsgi.py`: the
first request and, in the same process, warm. Goal: the demo round's PDF under 3 s as a server
serves it, its first request included. Next the first request of a process for the
demo's follow-up dashboard, each in a fresh process (median of --first-runs): as it was, with
`scipy.stats` imported in that request for the trend test; as it is; and as it is once
`partnerscan/wsgi.py` has preloaded the views and heavy libraries at start-up. Then it fills the
database with generated responses and prints, per size, the dashboard and PDF time and the share
spent in the scoring engine; then the peak Python memory (tracemalloc) of streaming a CSV and an
XLSX export, which should stay flat as the number of respondents grows. Goals: dashboard < 300
ms and PDF < 3 s at 1,000 respondents."""

from __future__ import annotations

import argparse
import gc
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="partnerscan-bench-")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from partnerscan.accounts import domain as accounts_domain  # noqa: E402
from partnerscan.accounts.models import User  # noqa: E402
from partnerscan.assessments import domain  # noqa: E402
from partnerscan.assessments import visible_results as results_module  # noqa: E402
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response  # noqa: E402

ROLES = ("staff", "management", "support", "board", "external")
DEPARTMENTS = ("Policy", "Operations", "Social", "Finance", "Economy")
BATCH = 5000


def setup() -> tuple[Client, User]:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench@example.org", "bench-password-123")
    client = Client()
    client.force_login(user)
    return client, user


def fill(user: User, respondents: int, seed: int = 1) -> Assessment:
    """A closed round with `respondents` submitted responses (bulk inserts)."""
    import random

    rng = random.Random(seed)
    org = accounts_domain.create_organisation(user, f"Bench {respondents}")
    assessment = domain.create_assessment(
        org, user, title=f"Bench {respondents}", shares={"chain": 0.6, "innovation": 0.4}
    )
    aspects = [a.id for a in assessment.capability_model.aspects]
    for start in range(0, respondents, BATCH):
        size = min(BATCH, respondents - start)
        responses = Response.objects.bulk_create(
            Response(
                assessment=assessment,
                submitted=True,
                role=rng.choice(ROLES),
                department=rng.choice(DEPARTMENTS),
                group="internal",
            )
            for _ in range(size)
        )
        Answer.objects.bulk_create(
            (_answer(rng, response, aspect) for response in responses for aspect in aspects),
            batch_size=BATCH,
        )
    # Closed, as a round whose results and rows are read: an open round shows neither.
    Assessment.objects.filter(pk=assessment.pk).update(
        state=Assessment.State.CLOSED, closed_at=timezone.now()
    )
    assessment.refresh_from_db()
    return assessment


def _answer(rng: Any, response: Response, aspect: str) -> Answer:
    current = DONT_KNOW if rng.random() < 0.05 else rng.randint(1, 4)
    comment = "Wij zouden vaker met partners om tafel moeten." if rng.random() < 0.003 else ""
    return Answer(
        response=response,
        aspect=aspect,
        current=current,
        ambition=rng.randint(3, 5),
        comment=comment,
    )


class ScoringClock:
    """Wraps the engine's `score` as the results loader calls it, adding up its time."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.original = results_module.score

    def __enter__(self) -> ScoringClock:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        results_module.score = timed  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: object) -> None:
        results_module.score = self.original  # type: ignore[assignment]


def best_of(runs: int, call: Callable[[], Any]) -> tuple[float, float]:
    """Fastest wall time of `runs` calls, and the scoring time within that run."""
    best = (float("inf"), 0.0)
    for _ in range(runs):
        with ScoringClock() as clock:
            start = time.perf_counter()
            call()
            elapsed = time.perf_counter() - start
        best = min(best, (elapsed, clock.seconds))
    return best


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    response.close()


def clocked(call: Callable[[], Any]) -> tuple[float, float]:
    """Wall and CPU seconds of one call. On a shared machine the CPU time is the steadier
    figure: the wall time also holds the time other processes had the cores."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def fastest(runs: int, call: Callable[[], Any]) -> tuple[float, float]:
    return min(clocked(call) for _ in range(runs))


def baseline_pdf(pages: int = 1) -> None:
    """`pages` A4 pages of plain text with the report's fonts and style sheet, as many as the
    report has: what WeasyPrint costs for that many pages without tables or charts."""
    import logging

    from weasyprint import HTML

    from partnerscan.reports.render import _no_fetching, _site_css

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    text = "<p>Een regel tekst van het rapport, zoals een bestuurder hem leest.</p>" * 40
    page = f"<section style='break-after: page'><h1>Baseline</h1>{text}</section>"
    html = f"<style>{_site_css()}</style><body class='pdf report'>{page * pages}</body>"
    HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def page_count(pdf: bytes) -> str:
    """Pages as pdfinfo (poppler) counts them; "?" without it."""
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.M)
    return found.group(1).decode() if found else "?"


def demo_follow_up() -> tuple[Assessment, str]:
    """The demo's follow-up round (trend, plan, benchmark) and its consultant, loaded once."""
    from partnerscan.demo.management.commands.load_demo import CONSULTANT, ORGANISATION

    rounds = Assessment.objects.filter(organisation__name=ORGANISATION, state="closed")
    if not rounds.exists():
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    return rounds.exclude(previous=None).get(), CONSULTANT


def demo(runs: int) -> None:
    """The demo round's PDF: the first request of this process, then warm, with the baseline;
    then as a server serves it: its first request and, in the same process, warm."""
    round_, consultant = demo_follow_up()
    client = Client()
    client.force_login(User.objects.get(email=consultant))
    url = f"/assessments/{round_.pk}/report.pdf?lang=nl"
    first = clocked(lambda: get(client, url))
    # What a server does once it has started (partnerscan/wsgi.py): this process's objects so
    # far kept out of the garbage collector's full passes, so the warm figures compare.
    gc.collect()
    gc.freeze()
    warm = fastest(runs, lambda: get(client, url))
    pages = page_count(client.get(url).content)
    base = fastest(runs, lambda: baseline_pdf(int(pages) if pages.isdigit() else 1))
    # As a server runs it (partnerscan/wsgi.py preloads WeasyPrint), with no PDF the worker
    # made: what a consultant waits for right after changing the plan.
    server, server_warm = server_requests(consultant, url, again=runs)
    assert server_warm is not None
    print(f"demo round “{round_.title}” PDF (nl), {pages} pages; fastest of {runs} when warm")
    print(f"{'':>42} {'wall':>8} {'CPU':>8} {'÷ baseline (CPU)':>17}")
    for name, (wall, cpu), ratio in (
        (f"baseline: {pages} pages of text", base, 1.0),
        ("demo PDF, first request of this process", first, first[1] / base[1]),
        ("demo PDF, warm in this process", warm, warm[1] / base[1]),
        ("demo PDF, first request, started by wsgi.py", server, server[1] / base[1]),
        ("demo PDF, warm, started by wsgi.py", server_warm, server_warm[1] / base[1]),
    ):
        print(f"{name:>42} {wall:>7.2f}s {cpu:>7.2f}s {ratio:>17.1f}")
    print(
        f"(started by wsgi.py: median of 3 fresh processes, as a server runs; warm: the fastest "
        f"of {runs} more requests in each)"
    )
    met = "met" if max(server[0], server_warm[0]) < 3 else "not met"
    print(f"goal, rendered in the request: under 3 s, a server's first request included: {met}")
    prerendered(round_, consultant, url, runs)
    # The first request also imports WeasyPrint, once per process (a server imports it at
    # start-up: partnerscan/wsgi.py); without .pyc files (PYTHONDONTWRITEBYTECODE) Python
    # compiles it from source every time.
    bytecode = "off" if sys.dont_write_bytecode else "on"
    print(f"(first request includes the imports; writing bytecode is {bytecode})\n")


def prerendered(round_: Assessment, consultant: str, url: str, runs: int) -> None:
    """The same PDF once the worker has rendered it (reports/prerender.py): the view builds the
    report's HTML, finds the stored PDF made from it and serves that. Timed warm in this
    process and as the first request of a fresh one (Django's start-up not counted)."""
    from django.utils import timezone

    from partnerscan.reports import prerender

    wall = time.perf_counter()
    prerender.refresh(round_, "nl", timezone.now())
    rendering = time.perf_counter() - wall
    client = Client()
    client.force_login(User.objects.get(email=consultant))
    warm = fastest(runs, lambda: get(client, url))
    # As a server runs it: the process started through partnerscan/wsgi.py (its preloading).
    first, _none = server_requests(consultant, url)
    print(f"pre-rendered by the worker (its render took {rendering:.2f} s):")
    for name, (wall_s, cpu_s) in (
        ("demo PDF, pre-rendered, warm", warm),
        ("demo PDF, pre-rendered, first request", first),
    ):
        print(f"{name:>44} {wall_s:>7.2f}s wall {cpu_s:>7.2f}s CPU")
    print("(the first request: median of 3 fresh processes started by wsgi.py)")
    met = "met" if max(warm[0], first[0]) < 3 else "not met"
    print(f"goal: under 3 s, the first request included: {met}")


# A fresh process that opens the dashboard once: start-up, then the first request, timed.
FIRST_REQUEST = """
import json, os, sys, time
mode, email, url, again = sys.argv[1:]
start = time.perf_counter()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")
if mode == "wsgi":
    import partnerscan.wsgi  # what gunicorn and runserver load
else:
    import django
    django.setup()
from django.test import Client
from partnerscan.accounts.models import User
client = Client()
client.force_login(User.objects.get(email=email))
started = time.perf_counter() - start
wall, cpu = time.perf_counter(), time.process_time()
if mode == "before":
    from scipy import stats  # what the trend test imported in the request before tdist.py
status = client.get(url).status_code
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
warm = []  # the same request again in the same process: the server warm
for _ in range(int(again)):
    warm_wall, warm_cpu = time.perf_counter(), time.process_time()
    assert client.get(url).status_code == status
    warm.append((time.perf_counter() - warm_wall, time.process_time() - warm_cpu))
print(json.dumps([status, started, wall, cpu, "scipy" in sys.modules, min(warm, default=None)]))
"""
FIRST_MODES = {
    "before": "before: scipy.stats in the request",
    "after": "now",
    "wsgi": "now, started by wsgi.py",
}


def first_request(mode: str, email: str, url: str, again: int = 0) -> list[Any]:
    """[start-up, wall, CPU] of the first request of a fresh process; with `again`, that
    request repeated as often in the same process, and its fastest [wall, CPU] last."""
    child = subprocess.run(
        [sys.executable, "-c", FIRST_REQUEST, mode, email, url, str(again)],
        capture_output=True, text=True, check=True, cwd=ROOT,
    )  # fmt: skip
    status, *figures, scipy_loaded, warm = json.loads(child.stdout.strip().splitlines()[-1])
    assert status == 200, (mode, status, child.stderr)
    assert scipy_loaded == (mode == "before"), (mode, "scipy imported")
    return figures + ([warm] if again else [])


def server_requests(
    email: str, url: str, runs: int = 3, again: int = 0
) -> tuple[tuple[float, ...], tuple[float, ...] | None]:
    """Wall and CPU seconds of `url` as the first request of a process started by wsgi.py, as a
    server runs: the median of `runs` fresh processes; with `again`, also the median of each
    process's fastest repeat (else None)."""
    firsts = [first_request("wsgi", email, url, again) for _ in range(runs)]
    first = medians([f[1:3] for f in firsts])
    return first, medians([f[3] for f in firsts]) if again else None


def medians(rows: list[Any]) -> tuple[float, ...]:
    """The median of each column of `rows`."""
    return tuple(statistics.median(column) for column in zip(*rows, strict=True))


def first_dashboard(runs: int) -> None:
    """The follow-up dashboard as the first request of a fresh process, before and after."""
    round_, consultant = demo_follow_up()
    url = f"/assessments/{round_.pk}/dashboard/"
    measured: dict[str, list[list[float]]] = {mode: [] for mode in FIRST_MODES}
    for _ in range(runs):  # interleaved, so other work on the machine falls on every mode
        for mode in FIRST_MODES:
            measured[mode].append(first_request(mode, consultant, url))
    median = {mode: medians(rows) for mode, rows in measured.items()}
    before = median["before"][1]
    print(f"demo follow-up dashboard, first request of a fresh process (median of {runs})")
    print(f"{'':>36} {'start-up':>9} {'request':>9} {'CPU':>8} {'÷ before':>9}")
    for mode, label in FIRST_MODES.items():
        started, wall, cpu = median[mode]
        print(f"{label:>36} {started:>8.2f}s {wall:>8.2f}s {cpu:>7.2f}s {wall / before:>9.2f}")
    print("(start-up: Django set up and, for wsgi.py, the preloaded views and libraries)\n")


def timings(client: Client, user: User, sizes: list[int]) -> None:
    print(f"{'respondents':>11} {'dashboard':>10} {'scoring':>8} {'PDF':>8} {'scoring':>8}")
    for size in sizes:
        assessment = fill(user, size)
        dashboard = f"/assessments/{assessment.pk}/dashboard/"
        pdf = f"/assessments/{assessment.pk}/report.pdf?lang=nl"
        get(client, dashboard)  # warm: templates, model file
        get(client, pdf)  # warm: WeasyPrint's import and fonts
        d, d_score = best_of(5, lambda url=dashboard: get(client, url))
        p, p_score = best_of(3, lambda url=pdf: get(client, url))
        print(f"{size:>11,} {d * 1000:>8.0f}ms {d_score / d:>8.0%} {p:>7.2f}s {p_score / p:>8.0%}")


def peak_memory(client: Client, url: str) -> tuple[float, float]:
    """Seconds and peak traced memory (MB) of requesting and reading one export."""
    tracemalloc.start()
    start = time.perf_counter()
    get(client, url)
    seconds = time.perf_counter() - start
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20


def exports(client: Client, user: User, sizes: list[int]) -> None:
    # Made in the request whatever the size: above EXPORT_IN_REQUEST_MAX the page hands the
    # file to the worker, which writes it with the same table and writers
    # (reports/export_jobs.py); growth.py times the worker's way too.
    settings.EXPORT_IN_REQUEST_MAX = 10**9
    print(f"\n{'respondents':>11} {'export':>14} {'time':>8} {'peak memory':>12}")
    for size in sizes:
        assessment = fill(user, size, seed=size)
        for name in ("responses.csv", "responses.xlsx"):
            url = f"/assessments/{assessment.pk}/export/{name}"
            seconds, peak = peak_memory(client, url)
            print(f"{size:>11,} {name:>14} {seconds:>7.1f}s {peak:>10.1f}MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--demo-runs", type=int, default=5, help="0 skips the demo round")
    parser.add_argument("--first-runs", type=int, default=3, help="0 skips the first requests")
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--export-sizes", default="10000,100000")
    args = parser.parse_args()
    client, user = setup()
    print(f"database: {settings.DATABASES['default']['NAME']}\n")
    if args.demo_runs:
        demo(args.demo_runs)  # first: its first request is the process's first PDF
    if args.first_runs:
        first_dashboard(args.first_runs)
    timings(client, user, [int(s) for s in args.sizes.split(",") if s])
    exports(client, user, [int(s) for s in args.export_sizes.split(",") if s])


if __name__ == "__main__":
    main()
