"""Benchmark of the results store: a closed round's dashboard when its results are computed
(as on the first read after a change) against when they are read back (every later read).

Run: .venv/bin/python bench/results_store.py [--sizes 1000,10000] [--runs 5]

SQLite in a temporary folder by default; with DATABASE_URL set, that database (give it one of
your own: the bench adds organisations and rounds to it). Per size it fills a closed round
(bulk inserts, roles and departments, some don't know), then prints, fastest of --runs:

- reading the answers into the response matrix the way it was done before (one Python step
  per answer, kept here as the baseline) and as it is now (numbers straight from the cursor);
- the round's results computed afresh and read from the store (`round_results`);
- the dashboard with its results computed (the store told of a change before each run) and
  read from the store.

Each line gives its ratio to its baseline in the same run. Goal (issue 19): dashboard under
300 ms at any size once its results are stored.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
if not os.environ.get("DATABASE_URL"):
    os.environ["DATA_DIR"] = tempfile.mkdtemp(prefix="partnerscan-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from partnerscan.accounts import domain as accounts_domain  # noqa: E402
from partnerscan.accounts.models import User  # noqa: E402
from partnerscan.assessments import domain, visible_results  # noqa: E402
from partnerscan.assessments.domain.common import results_changed  # noqa: E402
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response  # noqa: E402
from partnerscan.assessments.results_store import round_results  # noqa: E402
from partnerscan.core.queries import among  # noqa: E402

ROLES = ("staff", "management", "support", "board", "external")
DEPARTMENTS = ("Policy", "Operations", "Social", "Finance", "Economy")
BATCH = 5000


def setup() -> tuple[Client, User]:
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    email = f"bench-{os.getpid()}@example.org"
    user = User.objects.create_user(email, "bench-password-123")
    client = Client()
    client.force_login(user)
    return client, user


def fill(user: User, respondents: int, seed: int = 1) -> Assessment:
    """A closed round of `respondents` submitted responses (bulk inserts)."""
    rng = random.Random(seed)
    org = accounts_domain.create_organisation(user, f"Bench {respondents}")
    assessment = domain.create_assessment(
        org, user, title=f"Bench {respondents}", shares={"chain": 0.6, "innovation": 0.4}
    )
    domain.open_assessment(assessment, user)
    aspects = [a.id for a in assessment.capability_model.aspects]
    for start in range(0, respondents, BATCH):
        responses = Response.objects.bulk_create(
            Response(
                assessment=assessment,
                submitted=True,
                role=rng.choice(ROLES),
                department=rng.choice(DEPARTMENTS),
                group="internal",
            )
            for _ in range(min(BATCH, respondents - start))
        )
        Answer.objects.bulk_create(
            (
                Answer(
                    response=response,
                    aspect=aspect,
                    current=DONT_KNOW if rng.random() < 0.05 else rng.randint(1, 4),
                    ambition=rng.randint(3, 5),
                )
                for response in responses
                for aspect in aspects
            ),
            batch_size=BATCH,
        )
    return domain.close_assessment(assessment, user)


def matrix_before(assessment: Assessment) -> Any:
    """The answers into the matrix as `live_matrices` read them before: one step per answer,
    through a dict of the responses' ids."""
    rows: list[tuple[Any, str, str, str]] = []
    responses = Response.objects.counting().filter(assessment=assessment).order_by("id")
    where: dict[object, int] = {}
    for pk, role, department, group in responses.values_list("id", "role", "department", "group"):
        where[pk] = len(rows)
        rows.append((pk, role, department, group))
    columns = {x.id: j for j, x in enumerate(assessment.capability_model.aspects)}
    codes = np.zeros((2, len(rows), len(columns)), dtype=np.int8)
    submitted = Response.objects.filter(assessment=assessment, submitted=True).values("pk")
    answers = Answer.objects.filter(among("response_id", submitted))
    for response_id, aspect, now, wanted in answers.values_list(
        "response_id", "aspect", "current", "ambition"
    ).iterator(chunk_size=5000):
        if response_id not in where:
            continue
        i, j = where[response_id], columns.get(aspect)
        if j is not None:
            codes[0, i, j] = visible_results.ENGINE_CODE[now or 0]
            codes[1, i, j] = visible_results.ENGINE_CODE[wanted or 0]
    return codes, rows


def fastest(runs: int, call: Callable[[], Any], before: Callable[[], Any] = lambda: None) -> float:
    best = float("inf")
    for _ in range(runs):
        before()
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def get(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def measure(client: Client, user: User, size: int, runs: int) -> None:
    started = time.perf_counter()
    assessment = Assessment.objects.get(pk=fill(user, size).pk)
    print(f"\n{size:,} respondents (filled in {time.perf_counter() - started:.0f} s)")
    now = visible_results.live_matrices([assessment])[assessment.pk]
    assert np.array_equal(matrix_before(assessment)[0][0], now.current), "the matrices differ"
    url = f"/assessments/{assessment.pk}/dashboard/"
    get(client, url)  # templates, model file, the first request of the session

    def changed() -> None:
        results_changed(assessment)

    figures = [
        ("matrix, one step per answer (before)", fastest(runs, lambda: matrix_before(assessment))),
        (
            "matrix, from the cursor (now)",
            fastest(runs, lambda: visible_results.live_matrices([assessment])),
        ),
        ("results computed", fastest(runs, lambda: round_results(assessment, "en"), changed)),
        ("results read from the store", fastest(runs, lambda: round_results(assessment, "en"))),
        ("dashboard, results computed", fastest(runs, lambda: get(client, url), changed)),
        ("dashboard, results stored", fastest(runs, lambda: get(client, url))),
    ]
    print(f"{'':>40} {'fastest':>9} {'÷ baseline':>11}")
    for index, (name, seconds) in enumerate(figures):
        baseline = figures[index - index % 2][1]  # each pair: the first is the baseline
        print(f"{name:>40} {seconds * 1000:>7.0f}ms {seconds / baseline:>11.3f}")
    stored = figures[-1][1]
    verdict = "met" if stored < 0.3 else "not met"
    print(f"goal: dashboard under 300 ms once stored: {stored * 1000:.0f} ms, {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    client, user = setup()
    print(f"database: {settings.DATABASES['default']['NAME']} ({connection.vendor})")
    for size in (int(s) for s in args.sizes.split(",") if s):
        measure(client, user, size, args.runs)


if __name__ == "__main__":
    main()
