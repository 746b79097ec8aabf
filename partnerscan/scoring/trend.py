"""Did a mean move between two rounds by more than chance? Welch's t-test from summary stats.

Two rounds of one organisation are independent samples: answers are anonymous, so nobody's
answer in one round can be paired with their answer in the next. Each round is summarised by
n, mean and sd (sample, ddof=1), and the change is judged with Welch's two-sided t-test at 5%,
which does not assume both rounds have the same spread. Equivalently: the change is larger than
chance when its 95% confidence interval does not include 0 (docs/method.md, "Trend").
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from partnerscan.scoring import tdist

Direction = Literal["up", "down", "none"]
ALPHA = 0.05  # two-sided


@dataclass(frozen=True)
class Summary:
    """One round's answers on one aspect or condition."""

    n: int
    mean: float | None
    sd: float | None  # sample sd; None below two answers


@dataclass(frozen=True)
class Change:
    """From `then` to `now`. `direction` is None when the test cannot be done."""

    change: float | None  # mean now − mean then
    low: float | None  # 95% confidence interval of the change
    high: float | None
    t: float | None
    df: float | None
    p: float | None
    direction: Direction | None

    @property
    def judged(self) -> bool:
        return self.direction is not None

    @property
    def significant(self) -> bool:
        return self.direction in ("up", "down")


def _unjudged(change: float | None) -> Change:
    return Change(change, None, None, None, None, None, None)


def _testable(then: Summary, now: Summary) -> bool:
    return then.n >= 2 and now.n >= 2 and then.sd is not None and now.sd is not None


def _unanimous(change: float) -> Change:
    """Everyone agreed in both rounds. The same level: no change at all. Different levels:
    t grows without bound as the spread goes to 0 (p → 0), so we take that limit and count
    the change as larger than chance; with at least two answers each way it is no accident."""
    if change == 0:
        return Change(0.0, 0.0, 0.0, None, None, 1.0, "none")
    direction: Direction = "up" if change > 0 else "down"
    return Change(change, change, change, math.copysign(math.inf, change), None, 0.0, direction)


def _welch(then: Summary, now: Summary) -> tuple[float, float]:
    """Standard error of the change and the Welch–Satterthwaite degrees of freedom."""
    assert then.sd is not None and now.sd is not None
    a, b = then.sd**2 / then.n, now.sd**2 / now.n
    se = math.sqrt(a + b)
    df = (a + b) ** 2 / (a**2 / (then.n - 1) + b**2 / (now.n - 1))
    return se, df


def compare(then: Summary, now: Summary, alpha: float = ALPHA) -> Change:
    """The change from `then` to `now` and whether it is larger than chance (Welch, two-sided)."""
    if then.mean is None or now.mean is None:
        return _unjudged(None)
    change = now.mean - then.mean
    if not _testable(then, now):
        return _unjudged(change)
    if then.sd == 0 and now.sd == 0:
        return _unanimous(change)
    se, df = _welch(then, now)
    t = change / se
    p = tdist.two_sided_p(t, df)
    margin = tdist.isf(alpha / 2, df) * se
    direction: Direction = "none" if p >= alpha else ("up" if change > 0 else "down")
    return Change(change, change - margin, change + margin, t, df, p, direction)
