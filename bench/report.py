"""Benchmark of the results reports: dashboard, PDF and streamed exports.

Run: .venv/bin/python bench/report.py [--demo-runs 5] [--sizes 100,1000,10000]
                                      [--export-sizes 10000,100000]

Sets up its own SQLite database in a temporary folder. First the demo round (`load_demo`'s
follow-up round, with its trend, benchmark, plan and comments): the PDF as a board member gets
it, the first request of the process (WeasyPrint's import and fonts included) and warm (the
fastest of --demo-runs), in wall and CPU time, against a baseline in the same run: WeasyPrint
turning a one-page A4 document with the same fonts and style sheet into a PDF. Goal: the demo
round's PDF under 3 s. Then it fills the database with generated responses and prints, per size,
the dashboard and PDF time and the share spent in the scoring engine; then the peak Python
memory (tracemalloc) of streaming a CSV and an XLSX export, which should stay flat as the number
of respondents grows. Goals: dashboard < 300 ms and PDF < 3 s at 1,000 respondents.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
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
    """A closed-style round with `respondents` submitted responses (bulk inserts)."""
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


def baseline_pdf() -> None:
    """One A4 page of text with the report's fonts and style sheet: WeasyPrint's fixed cost."""
    import logging

    from weasyprint import HTML

    from partnerscan.reports.render import _no_fetching, _site_css

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    text = "<p>Een regel tekst van het rapport, zoals een bestuurder hem leest.</p>" * 40
    html = f"<style>{_site_css()}</style><body class='pdf report'><h1>Baseline</h1>{text}</body>"
    HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def page_count(pdf: bytes) -> str:
    """Pages as pdfinfo (poppler) counts them; "?" without it."""
    if not shutil.which("pdfinfo"):
        return "?"
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    found = re.search(rb"^Pages:\s+(\d+)", info.stdout, re.M)
    return found.group(1).decode() if found else "?"


def demo(runs: int) -> None:
    """The demo round's PDF: the first request of this process, then warm, with the baseline."""
    from partnerscan.demo.management.commands.load_demo import CONSULTANT, ORGANISATION

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - closed at exit
    client = Client()
    client.force_login(User.objects.get(email=CONSULTANT))
    rounds = Assessment.objects.filter(organisation__name=ORGANISATION, state="closed")
    round_ = rounds.exclude(previous=None).get()  # the follow-up: trend, plan, benchmark
    url = f"/assessments/{round_.pk}/report.pdf?lang=nl"
    first = clocked(lambda: get(client, url))
    warm = fastest(runs, lambda: get(client, url))
    base = fastest(runs, baseline_pdf)
    pages = page_count(client.get(url).content)
    print(f"demo round “{round_.title}” PDF (nl), {pages} pages; fastest of {runs} when warm")
    print(f"{'':>26} {'wall':>8} {'CPU':>8} {'÷ baseline (CPU)':>17}")
    for name, (wall, cpu), ratio in (
        ("baseline: one-page PDF", base, 1.0),
        ("demo PDF, first request", first, first[1] / base[1]),
        ("demo PDF, warm", warm, warm[1] / base[1]),
    ):
        print(f"{name:>26} {wall:>7.2f}s {cpu:>7.2f}s {ratio:>17.1f}")
    print(f"goal: under 3 s; warm wall {warm[0]:.2f} s, CPU {warm[1]:.2f} s")
    # The first request also imports WeasyPrint and scipy.stats, once per process; without
    # .pyc files (PYTHONDONTWRITEBYTECODE) Python compiles them from source every time.
    bytecode = "off" if sys.dont_write_bytecode else "on"
    print(f"(first request includes the imports; writing bytecode is {bytecode})\n")


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
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--export-sizes", default="10000,100000")
    args = parser.parse_args()
    client, user = setup()
    print(f"database: {settings.DATABASES['default']['NAME']}\n")
    if args.demo_runs:
        demo(args.demo_runs)  # first: its first request is the process's first PDF
    timings(client, user, [int(s) for s in args.sizes.split(",") if s])
    exports(client, user, [int(s) for s in args.export_sizes.split(",") if s])


if __name__ == "__main__":
    main()
