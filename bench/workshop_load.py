"""Load test of a live workshop over HTTP: 60 phones, a projector and the facilitator's page
polling twice a second on gunicorn, while the facilitator runs votes (docs/workshop.md).

Run: .venv/bin/python bench/workshop_load.py [--database both|sqlite|postgresql]
                                             [--participants 60] [--items 2] [--workers 2]
                                             [--interval 0.5]

Per database (a scratch SQLite file, or the scratch PostgreSQL database
`partnerscan_bench_workshop`, made afresh) it seeds a closed round with a live workshop through
the domain functions and starts gunicorn (sync workers, as docs/deploy.md). Then, over plain
HTTP with a cookie jar per client: every participant opens the join page and joins by the code,
and polls its phone's fragment at its own phase, as often as the templates' htmx trigger says
(`every 500ms`, read from them), as do the
projector and the facilitator's counts (signed in). On each of `--items` agenda items the
facilitator opens vote 1, all participants vote within 4 seconds, the facilitator closes and
reveals it, then the same for vote 2.

Update latency is the time from sending an action until a polling screen has it:
- the facilitator's open, close and reveal: until each phone, the projector and the
  facilitator's page got the fragment with the new stage or version (exact, from each
  screen's log of polls);
- a participant's vote: until the projector and the facilitator's page answered a poll sent
  after the vote was acknowledged (an upper bound: the poll may have had it sooner).
The goal is p99 under 1 s; a change waits up to one interval for the next poll
(`--interval 1` shows what polling once a second gave: p99 just over 1 s by design). As the
baseline, one more client asks a minimal view (bench/load_urls.py, no query) at the same
interval through the same servers. Prints p50/p99/max per kind, the errors, and "met"/"not
met"; exits 1 on an error. Figures are printed, never asserted (STYLE.md, habit 10).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GOAL = 1.0  # seconds, p99 of update latency
PG_URL = "postgresql://postgres@127.0.0.1:5432"
PG_NAME = "partnerscan_bench_workshop"
CODE = "BENCH3"
TEMPLATES = ROOT / "partnerscan" / "templates" / "workshop"
SCREENS = ("_live_stage.html", "_projector_stage.html", "_control_counts.html")


def templates_interval() -> float:
    """The polling interval the workshop's three screens use (their `hx-trigger="every …"`),
    read from the templates so the bench cannot drift from what the browsers do."""
    found = set()
    for name in SCREENS:
        match = re.search(r'hx-trigger="every (\d+)(ms|s)"', (TEMPLATES / name).read_text())
        if match is None:
            raise SystemExit(f'{name}: no hx-trigger="every …" found')
        number, unit = match.groups()
        found.add(int(number) / 1000 if unit == "ms" else float(number))
    if len(found) != 1:
        raise SystemExit(f"the workshop's screens poll at different intervals: {sorted(found)}")
    return found.pop()


POLL = templates_interval()
VOTING = 4.0  # seconds in which the room votes after a vote opens
SETTLE = 2.5  # seconds before the first action and after the last vote
WAIT = 15.0  # seconds at most for every screen to show an action before the next
VERSION = re.compile(rb"poll/\?v=(\d+)")


# --- HTTP with a cookie jar ---------------------------------------------------------------


@dataclass
class Browser:
    port: int
    cookies: dict[str, str] = field(default_factory=dict)

    def send(self, method: str, path: str, data: dict[str, str] | None = None) -> tuple[int, bytes]:
        headers = {"HX-Request": "true", "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if method == "POST":
            body = urlencode(data or {})
            headers |= {"Content-Type": "application/x-www-form-urlencoded"}
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            reply = connection.getresponse()
            content = reply.read()
            for header in reply.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return reply.status, content
        finally:
            connection.close()


@dataclass
class Screen:
    """A polling screen and its log: (sent, received, status, version shown after)."""

    name: str
    browser: Browser
    path: str
    version: int
    interval: float = 1.0
    log: list[tuple[float, float, int, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def poll_until(self, stop: threading.Event) -> None:
        next_at = time.monotonic() + random.uniform(0, self.interval)
        while not stop.is_set():
            time.sleep(max(0.0, next_at - time.monotonic()))
            next_at += self.interval
            sent = time.monotonic()
            try:
                status, body = self.browser.send("GET", f"{self.path}?v={self.version}")
            except (OSError, http.client.HTTPException) as exc:
                self.errors.append(f"{self.name}: {type(exc).__name__}")
                continue
            if status == 200:
                found = VERSION.search(body)
                self.version = int(found.group(1)) if found else self.version
            elif status != 204:
                self.errors.append(f"{self.name}: status {status}")
            self.log.append((sent, time.monotonic(), status, self.version))

    def saw(self, version: int, after: float) -> float | None:
        """Seconds from `after` until this screen first showed `version` or later."""
        for _sent, received, _status, shown in self.log:
            if received >= after and shown >= version:
                return received - after
        return None

    def answered_after(self, acknowledged: float, sent: float) -> float | None:
        for asked, received, _status, _shown in self.log:
            if asked >= acknowledged:
                return received - sent
        return None


# --- the run on one database ------------------------------------------------------------------


def seed(items: int) -> tuple[int, str, list[int], str]:
    """A closed round with 5 respondents, a live workshop, a signed-in facilitator: the
    workshop's pk, the facilitator's session key, the items' pks, a baseline response id."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from partnerscan.accounts import domain as accounts
    from partnerscan.accounts.models import User
    from partnerscan.assessments import domain as rounds
    from partnerscan.assessments.models import Answer, Response
    from partnerscan.workshop import domain
    from partnerscan.workshop.models import Workshop

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    owner = User.objects.create_user("bench@example.org", "a-long-bench-password", name="Bench")
    organisation = accounts.create_organisation(owner, "Bench")
    assessment = rounds.open_assessment(rounds.create_assessment(organisation, owner, title="R"))
    aspects = [a.id for a in assessment.capability_model.aspects]
    responses = Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True) for _ in range(5)
    )
    Answer.objects.bulk_create(
        Answer(response=r, aspect=a, current=1 + (i * 3 + j) % 5, ambition=5)
        for i, r in enumerate(responses)
        for j, a in enumerate(aspects)
    )
    rounds.close_assessment(assessment, owner)
    workshop = domain.start_workshop(assessment, owner, "Bench")
    Workshop.objects.filter(pk=workshop.pk).update(code=CODE)
    workshop = domain.go_live(Workshop.objects.get(pk=workshop.pk), owner)
    client = Client()
    client.force_login(owner)
    session = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    chosen = list(workshop.items.values_list("pk", flat=True)[:items])
    baseline = Response.objects.create(assessment=assessment)
    return workshop.pk, session, chosen, str(baseline.pk)


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "partnerscan.wsgi:application"]
    command += ["--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--chdir", str(ROOT)]
    command += ["--log-level", "warning", "--timeout", "60"]
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def wait_ready(port: int, baseline: str) -> None:
    for _ in range(300):
        try:
            if Browser(port).send("GET", f"/bench/baseline/{baseline}/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not answer within 30 s")


def join(port: int, n: int, interval: float) -> Screen:
    phone = Browser(port)
    phone.send("GET", "/w/")
    status, _body = phone.send("POST", "/w/", {"code": CODE.lower(), "language": "nl"})
    if status != 302:
        raise RuntimeError(f"participant {n} could not join: status {status}")
    status, body = phone.send("GET", f"/w/{CODE}/live/")
    found = VERSION.search(body)
    if status != 200 or found is None:
        raise RuntimeError(f"participant {n}: live page status {status}")
    return Screen(f"phone {n}", phone, f"/w/{CODE}/live/poll/", int(found.group(1)), interval)


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    missed: int = 0  # an update a screen never showed
    votes: list[tuple[float, float]] = field(default_factory=list)  # (sent, acknowledged)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float | None) -> None:
        if seconds is None:
            self.missed += 1
        else:
            self.latencies.setdefault(kind, []).append(seconds)


def run(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.db import connection

    from partnerscan.workshop.models import Ballot, Workshop

    workshop_pk, session, items, baseline_id = seed(args.items)
    vendor = connection.vendor
    connection.close()
    port = free_port()
    log = Path(tempfile.mkdtemp(prefix="workshop-load-")) / "gunicorn.log"
    server = start_server(port, args.workers, log)
    results = Results()
    try:
        wait_ready(port, baseline_id)
        name, _equals, value = session.partition("=")
        facilitator = Browser(port, {name: value})
        facilitator.send("GET", f"/workshops/{workshop_pk}/")  # the CSRF cookie
        phones = [join(port, n, args.interval) for n in range(args.participants)]
        version = Workshop.objects.get(pk=workshop_pk).version
        control = f"/workshops/{workshop_pk}/"
        screens = [
            Screen("projector", facilitator, f"{control}projector/poll/", version, args.interval),
            Screen("control", facilitator, f"{control}poll/", version, args.interval),
        ]
        base = Screen(
            "baseline", Browser(port), f"/bench/baseline/{baseline_id}/", 0, args.interval
        )
        stop = threading.Event()
        everyone = [*phones, *screens, base]
        pollers = [threading.Thread(target=s.poll_until, args=(stop,)) for s in everyone]
        cpu_before, started = worker_cpu(server.pid), time.monotonic()
        for thread in pollers:
            thread.start()
        time.sleep(SETTLE)

        actions: list[tuple[str, float, int, int]] = []

        def act(kind: str, path: str) -> None:
            """Send it, then wait until every screen has it (or WAIT), so actions stay apart."""
            sent = time.monotonic()
            status, _body = facilitator.send("POST", path)
            if status not in (200, 302):
                results.errors.append(f"{kind}: status {status}")
            now = Workshop.objects.get(pk=workshop_pk)
            actions.append((kind, sent, now.stage, now.version))
            until = time.monotonic() + WAIT
            while time.monotonic() < until and not (
                all(p.version >= now.stage for p in phones)
                and all(s.version >= now.version for s in screens)
            ):
                time.sleep(0.1)

        for item in items:
            for _number in (1, 2):
                act("open a vote", f"/workshops/{workshop_pk}/items/{item}/vote/")
                ballot = Ballot.objects.get(item_id=item, state=Ballot.State.OPEN)
                votes = [
                    threading.Thread(target=vote, args=(p.browser, ballot.pk, results))
                    for p in phones
                ]
                for thread in votes:
                    thread.start()
                for thread in votes:
                    thread.join()
                time.sleep(SETTLE)
                act("close it", f"/workshops/{workshop_pk}/votes/{ballot.pk}/close/")
                act("reveal it", f"/workshops/{workshop_pk}/votes/{ballot.pk}/reveal/")
        stop.set()
        cpu = Cpu(worker_cpu(server.pid) - cpu_before, time.monotonic() - started, 0)
        for thread in pollers:
            thread.join()
        for kind, sent, stage, version in actions:
            for phone in phones:
                results.add(kind, phone.saw(stage, sent))
            for screen in screens:
                results.add(kind, screen.saw(version, sent))
        for sent, acknowledged in results.votes:
            for screen in screens:
                results.add("a vote", screen.answered_after(acknowledged, sent))
        for screen in everyone:
            results.errors += screen.errors
        polls = [r - s for p in phones for s, r, status, _v in p.log if status == 204]
        baseline = [r - s for s, r, _status, _v in base.log]
        cpu = Cpu(cpu.seconds, cpu.wall, sum(len(s.log) for s in everyone) + len(results.votes))
    finally:
        server.terminate()
        server.wait(timeout=15)
    return report(vendor, args, results, polls, baseline, cpu)


def vote(phone: Browser, ballot: int, results: Results) -> None:
    """One participant's vote at a moment of their own within VOTING seconds."""
    time.sleep(random.uniform(0, VOTING))
    data = {"ballot": str(ballot), "current": str(random.randint(1, 5)), "ambition": "4"}
    sent = time.monotonic()
    try:
        status, _body = phone.send("POST", f"/w/{CODE}/vote/", data)
    except (OSError, http.client.HTTPException) as exc:
        status = 0
        with results.lock:
            results.errors.append(f"vote: {type(exc).__name__}")
    with results.lock:
        if status == 200:
            results.votes.append((sent, time.monotonic()))
        elif status:
            results.errors.append(f"vote: status {status}")


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def line(name: str, values: list[float]) -> str:
    if not values:
        return f"  {name:<34} none"
    ms = [v * 1000 for v in values]
    p50, p99 = quantile(ms, 0.5), quantile(ms, 0.99)
    return (
        f"  {name:<34} n={len(ms):>5}  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {max(ms):7.1f} ms"
    )


@dataclass(frozen=True)
class Cpu:
    """What the gunicorn workers used, which other load on a shared machine does not inflate
    the way it inflates latencies."""

    seconds: float  # CPU of the workers while the screens polled
    wall: float
    requests: int

    def __str__(self) -> str:
        share = self.seconds / self.wall if self.wall else 0.0
        each = self.seconds / self.requests * 1000 if self.requests else 0.0
        return (
            f"server CPU: {self.seconds:.1f} s in {self.wall:.0f} s ({share:.0%} of one core), "
            f"{each:.1f} ms per request over {self.requests} requests"
        )


def worker_cpu(master: int) -> float:
    """User + system CPU seconds of gunicorn's workers so far (Linux /proc)."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total = 0.0
    for pid in children:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def report(
    vendor: str,
    args: argparse.Namespace,
    results: Results,
    polls: list[float],
    base: list[float],
    cpu: Cpu,
) -> int:
    every = [v for values in results.latencies.values() for v in values]
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"\n{vendor}: {args.participants} participants, {args.items} items x 2 votes, "
        f"{args.workers} gunicorn workers, polls every {args.interval:g} s, load average {load}"
    )
    print("update latency, from the action until the screen has it:")
    for kind, values in results.latencies.items():
        print(line(kind, values))
    print(line("every update", every))
    print("round trips:")
    print(line("a phone's unchanged poll (204)", polls))
    print(line("baseline: minimal view, no query", base))
    if base and polls:
        ratio = statistics.median(polls) / statistics.median(base)
        print(f"  unchanged poll / baseline (p50): {ratio:.2f}")
    print(cpu)
    errors = len(results.errors) + results.missed
    print(f"errors: {len(results.errors)}, updates never shown: {results.missed}")
    for sample in results.errors[:5]:
        print(f"  {sample}")
    p99 = quantile(every, 0.99) if every else float("inf")
    within = sum(v < GOAL for v in every) / len(every) if every else 0.0
    verdict = "met" if p99 < GOAL else "not met"
    print(f"goal: p99 update latency < {GOAL:.0f} s: {p99:.3f} s, {verdict}", end=" ")
    print(f"({within:.1%} of updates within {GOAL:.0f} s)")
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", choices=["both", "sqlite", "postgresql"], default="both")
    parser.add_argument("--participants", type=int, default=60)
    parser.add_argument("--items", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--interval",
        type=float,
        default=POLL,
        help=f"seconds between polls (what-if; the templates' is {POLL:g})",
    )
    args = parser.parse_args()
    if args.database == "both":
        codes = []
        for database in ("sqlite", "postgresql"):
            command = [sys.executable, __file__, "--database", database]
            command += ["--participants", str(args.participants), "--items", str(args.items)]
            command += ["--workers", str(args.workers), "--interval", str(args.interval)]
            codes.append(subprocess.call(command))
        return max(codes)
    if args.database == "postgresql":
        scratch("DROP DATABASE IF EXISTS {name} WITH (FORCE)", "CREATE DATABASE {name}")
        url = f"{PG_URL}/{PG_NAME}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp(prefix='workshop-load-')}/bench.sqlite3"
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DJANGO_SETTINGS_MODULE": "bench.load_settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "CONN_MAX_AGE": "60",  # as docs/deploy.md tells production
            "LOG_LEVEL": "ERROR",
        }
    )
    try:
        return run(args)
    finally:
        if args.database == "postgresql":
            scratch("DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def scratch(*statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_URL}/postgres", autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement.format(name=PG_NAME))


if __name__ == "__main__":
    sys.exit(main())
