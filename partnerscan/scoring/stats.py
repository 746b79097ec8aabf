"""Statistics computed from histograms of answers.

Answers are levels 1..5, so every per-aspect statistic is a function of how often each level
occurs. Working from these counts keeps the engine fast and makes results independent of the
order of respondents, to the last bit.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt

Counts = npt.NDArray[np.int64]
LEVELS = np.arange(1, 6, dtype=np.float64)
GAPS = np.arange(-4, 5, dtype=np.float64)
VIEWS_DIFFER_ABOVE = Fraction(5, 6)  # Burke & Dunlap (2002): c/6 with c = 5 options
UNIFORM_VARIANCE = 2.0  # variance of a uniform answer on 5 options (James, Demaree & Wolf 1984)
# A float within this of a rounding boundary is taken to lie on it: binary error, as in a mean of
# 2.4499999999999997 that is 2.45 on paper. Exact values (Fractions) need no margin.
BINARY_MARGIN = 1e-9


def rounded(value: Fraction | float | None, digits: int = 0) -> Fraction | None:
    """`value` rounded to `digits` decimals, halves away from zero (2.5 -> 3, -0.25 -> -0.3).

    Exact for a Fraction or int; a float is rounded as the decimal it stands for (within
    BINARY_MARGIN of a half counts as the half).
    """
    if value is None:
        return None
    scale = 10**digits
    if isinstance(value, float):
        steps = math.floor(abs(value) * scale + 0.5 + BINARY_MARGIN)
    else:
        steps = math.floor(abs(Fraction(value)) * scale + Fraction(1, 2))
    return Fraction(-steps if value < 0 else steps, scale)


def round_half_up(value: Fraction | float | None) -> int | None:
    """A whole number, 2.5 -> 3 (not Python's round-half-even)."""
    whole = rounded(value)
    return None if whole is None else int(whole)


def shown(value: Fraction | float | None, digits: int = 1) -> Fraction | None:
    """A number as every page and file shows it: `digits` decimals, half up (2.44 -> 2.4).

    Except where that would round, as a whole number, differently from the value itself: a mean
    of 2.46 has level 2, and "2,5" beside "2 Bewust" reads as an error. Such a value is shown
    cut off at one decimal more (2.46 -> 2.46, 2.4999 -> 2.49), which every reader who rounds it
    takes to the value's own level (docs/method.md, "The shown mean and the level").
    """
    result = rounded(value, digits)
    if value is None or result is None or round_half_up(result) == round_half_up(value):
        return result
    scale = 10 ** (digits + 1)
    if isinstance(value, float):
        steps = math.floor(abs(value) * scale + BINARY_MARGIN)
    else:
        steps = math.floor(abs(Fraction(value)) * scale)
    return Fraction(-steps if value < 0 else steps, scale)


def decimals(value: Fraction, digits: int) -> int:
    """How many decimals `shown` gave `value`: `digits`, or one more."""
    return digits if (value * 10**digits).denominator == 1 else digits + 1


def shown_mean(mean: Fraction | float | None) -> Fraction | None:
    """A mean as shown beside its level (one decimal; see `shown`)."""
    return shown(mean, 1)


def level_of(mean: Fraction | float | None) -> int | None:
    """The level of a mean: the mean itself rounded half up (docs/method.md, "The shown mean
    and the level"), exact for a Fraction; the shown mean (`shown_mean`) always rounds to
    this same level."""
    return round_half_up(mean)


def mean(values: npt.NDArray[np.float64], counts: Counts) -> float | None:
    n = int(counts.sum())
    return float(values @ counts / n) if n else None


def variance(values: npt.NDArray[np.float64], counts: Counts) -> float | None:
    """Sample variance (ddof=1); None below two answers."""
    n = int(counts.sum())
    if n < 2:
        return None
    centre = values @ counts / n
    return float(((values - centre) ** 2) @ counts / (n - 1))


def sd(values: npt.NDArray[np.float64], counts: Counts) -> float | None:
    var = variance(values, counts)
    return None if var is None else math.sqrt(var)


def median(values: npt.NDArray[np.float64], counts: Counts) -> float | None:
    """The middle answer, or the mean of the two middle answers (as numpy.median)."""
    n = int(counts.sum())
    if not n:
        return None
    cumulative = np.cumsum(counts)
    low, high = np.searchsorted(cumulative, [(n - 1) // 2 + 1, n // 2 + 1])
    return float((values[low] + values[high]) / 2)


def ad_m(counts: Counts) -> float | None:
    """Mean absolute deviation of levels 1..5 from their mean; None below two answers."""
    n = int(counts.sum())
    if n < 2:
        return None
    centre = LEVELS @ counts / n
    return float(np.abs(LEVELS - centre) @ counts / n)


def rwg(counts: Counts) -> float | None:
    """1 - s²/2, clipped to [0, 1]; None below two answers."""
    var = variance(LEVELS, counts)
    return None if var is None else min(1.0, max(0.0, 1.0 - var / UNIFORM_VARIANCE))


def gap_counts(joint: Counts) -> Counts:
    """Counts of ambition − current (-4..4) from a 5×5 table of (current, ambition) levels."""
    offsets = np.subtract.outer(np.arange(5), np.arange(5)).T + 4  # [cur, amb] -> amb - cur + 4
    return np.bincount(offsets.ravel(), weights=joint.ravel(), minlength=9).astype(np.int64)


def cronbach_alpha(item_counts: Counts, total_counts: Counts) -> float | None:
    """Alpha from each item's level counts (m×5) and the counts of the sum score (index = sum).

    Both over the same complete respondents. None with fewer than 3 of them, fewer than two
    items, or zero total variance.
    """
    items = item_counts.shape[0]
    if items < 2 or int(total_counts.sum()) < 3:
        return None
    total_var = variance(np.arange(total_counts.size, dtype=np.float64), total_counts)
    if not total_var:
        return None
    item_var = sum(variance(LEVELS, row) or 0.0 for row in item_counts)
    return float(items / (items - 1) * (1 - item_var / total_var))


def counts_for_condition(answered: npt.NDArray[np.int64], aspects: int) -> npt.NDArray[np.bool_]:
    """Whether each respondent with `answered` numeric answers on a condition of `aspects`
    aspects gets a condition score: at least 60% of them (integer arithmetic, no rounding)."""
    return np.asarray(answered * 5 >= 3 * aspects)
