"""The command line of bench/load.py."""

from __future__ import annotations

import argparse
from dataclasses import dataclass


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


def parse(argv: list[str] | None, description: str) -> Options:
    parser = argparse.ArgumentParser(description=description)
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
