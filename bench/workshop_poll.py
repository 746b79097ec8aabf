"""What one poll of a workshop's screens costs while nothing changes (docs/workshop.md).

Run: .venv/bin/python bench/workshop_poll.py [--requests 1000] [--participants 60]

A scratch SQLite database in a temporary folder (or the database of DATABASE_URL, which must
be a scratch one: the script migrates it and adds a round and a workshop), a live workshop with
`--participants` joined and an open vote, then through Django's test client: `--requests`
unchanged polls of one phone (204), of the projector (204, signed in), and as the baseline the
same number of phone polls that do get the fragment (200). Prints the mean per request, the
queries per unchanged poll, and what 60 phones polling once a second ask of one process.
Figures are printed, never asserted (STYLE.md, habit 10).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
SCRATCH = tempfile.mkdtemp(prefix="workshop-poll-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SCRATCH}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnerscan.settings")
os.environ.setdefault("CONN_MAX_AGE", "60")  # as docs/deploy.md tells production
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
# The production set-up behind its TLS proxy, without the redirect a plain test request gets.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import warnings  # noqa: E402

import django  # noqa: E402

# No collectstatic was run, and the polls serve no static file.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from partnerscan.accounts import domain as accounts  # noqa: E402
from partnerscan.accounts.models import User  # noqa: E402
from partnerscan.assessments import domain as assessments  # noqa: E402
from partnerscan.workshop import participating  # noqa: E402
from partnerscan.workshop.models import AgendaItem, Ballot, Workshop  # noqa: E402
from partnerscan.workshop.participant import COOKIE  # noqa: E402


def seed(participants: int) -> tuple[Workshop, User, list[str]]:
    owner = User.objects.create_user("bench@example.org", "a-long-bench-password", name="Bench")
    organisation = accounts.create_organisation(owner, "Bench")
    assessment = assessments.create_assessment(organisation, owner, title="Bench round")
    workshop = Workshop.objects.create(assessment=assessment, title="Bench", code="BENCH2")
    item = AgendaItem.objects.create(workshop=workshop, position=1, aspect="goals")
    Ballot.objects.create(item=item, number=1)
    Workshop.objects.filter(pk=workshop.pk).update(state="live", current=item)
    keys = [participating.join("BENCH2", None, "nl").key for _ in range(participants)]
    workshop.refresh_from_db()
    return workshop, owner, keys


def timed(client: Client, url: str, requests: int, status: int) -> float:
    assert client.get(url).status_code == status, url  # warm, and the answer we mean to time
    start = time.perf_counter()
    for _ in range(requests):
        client.get(url)
    return (time.perf_counter() - start) / requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--participants", type=int, default=60)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    workshop, owner, keys = seed(args.participants)
    phone = Client()
    phone.cookies[COOKIE] = keys[0]
    poll = f"/w/{workshop.code}/live/poll/"
    unchanged = timed(phone, f"{poll}?v={workshop.stage}", args.requests, 204)
    queries: list[str] = []

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        assert phone.get(f"{poll}?v={workshop.stage}").status_code == 204
    changed = timed(phone, f"{poll}?v=0", args.requests, 200)
    facilitator = Client()
    facilitator.force_login(owner)
    projector = f"/workshops/{workshop.pk}/projector/poll/?v={workshop.version}"
    screen = timed(facilitator, projector, args.requests, 204)
    print(f"{connection.vendor}, {args.participants} participants, {args.requests} requests each")
    print(
        f"phone poll, unchanged (204): {unchanged * 1000:.2f} ms per request, {len(queries)} query"
    )
    print(f"phone poll, changed (200):   {changed * 1000:.2f} ms per request")
    print(f"projector poll, unchanged:   {screen * 1000:.2f} ms per request")
    busy = args.participants * unchanged
    print(f"{args.participants} phones polling every second: {busy * 100:.1f}% of one process")


if __name__ == "__main__":
    main()
