"""Checks of the scoring options, each problem as a plain message."""

from __future__ import annotations

import math
from collections.abc import Mapping

from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.languages import LANGUAGES

# The anonymity rules of docs/method.md ("Anonymity", "Benchmark", "Research pool"), each
# written once; every app reads them from here.
MIN_RESPONDENTS = 3  # no figure rests on fewer numeric answers
LOWEST_MIN_GROUP = 3  # k, the smallest group a breakdown shows, is never set below this
DEFAULT_MIN_GROUP = 5  # k when a round does not set it
MIN_ORGANISATIONS = 5  # the benchmark and the research pool show nothing of fewer organisations
MIN_POOL_RESPONDENTS = 5  # a round's figure enters the benchmark pool only on this many answers


class ScoringError(ValueError):
    """Options or data that cannot be scored; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class TooFewRespondents(ScoringError):
    """Below 3 respondents there are no results at all (anonymity)."""


def check_shares(model: CapabilityModel, shares: Mapping[str, float] | None) -> list[str]:
    known = [t.id for t in model.challenge_types]
    problems = [
        f"unknown challenge type '{t}' (known: {', '.join(known)})"
        for t in shares or {}
        if t not in known
    ]
    values = list((shares or {}).values())
    if any(not math.isfinite(v) or v < 0 for v in values):
        problems.append("a challenge share must be a number of at least 0")
    elif values and not math.isclose(sum(values), 1.0, abs_tol=1e-6):
        problems.append(f"challenge shares must sum to 1 (they sum to {sum(values):g})")
    return problems


def check_options(
    model: CapabilityModel, shares: Mapping[str, float] | None, min_group: int, lang: str
) -> None:
    problems = check_shares(model, shares)
    if min_group < LOWEST_MIN_GROUP:
        problems.append(
            f"the minimum group size must be at least {LOWEST_MIN_GROUP} (got {min_group})"
        )
    if lang not in LANGUAGES:
        problems.append(f"unknown language '{lang}' (use {' or '.join(LANGUAGES)})")
    if problems:
        raise ScoringError(problems)


def check_respondents(count: int) -> None:
    if count < MIN_RESPONDENTS:
        raise TooFewRespondents(
            [f"no results below {MIN_RESPONDENTS} respondents (this selection has {count})"]
        )
