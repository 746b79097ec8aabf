"""The simulated clients of bench/load.py: respondents and baseline clients over plain HTTP, one
connection per request, as gunicorn's sync workers close it anyway."""

from __future__ import annotations

import http.client
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench.load_plans import Respondent

TIMEOUT = 30.0


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
