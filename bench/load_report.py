"""What bench/load.py prints: per phase the latencies per endpoint and the throughput, then the
database check and the goals, which are printed, never asserted (STYLE.md habit 10)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

from bench.load_clients import Recorder
from bench.load_database import Check
from bench.load_options import Options

GOAL_P99_MS, GOAL_RATIO = 100.0, 0.60


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


@dataclass(frozen=True)
class Phases:
    paced: Phase | None  # None when --paced 0
    saturated: Phase
    baseline: Phase

    def all(self) -> list[Phase]:
        return [p for p in (self.paced, self.saturated, self.baseline) if p is not None]


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
