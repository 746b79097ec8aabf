"""What each simulated respondent of bench/load.py will send: a plan of autosaves, drawn from a
seed so that every server setup gets the same answers."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

LEVELS = ["1", "2", "3", "4", "5", "dk"]
LEVEL_FIELDS = ("current", "ambition")
LEVEL_WEIGHTS = [10, 22, 30, 22, 10, 6]
CHANGED_MIND, RETRY, COMMENT, DOUBLE_SUBMIT = 0.10, 0.10, 0.15, 0.20


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
