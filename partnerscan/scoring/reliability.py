"""The instrument's reliability across a pool of organisations: pure numpy, never Django.

Three figures per condition, over the current answers of every pooled respondent:

- Cronbach's alpha over the condition's aspects, listwise (the engine's own formula);
- per aspect the corrected item–total correlation: the aspect against the sum of the *other*
  aspects of its condition, over the same complete respondents, so an aspect is not correlated
  with itself;
- ICC(1) and ICC(2) of respondents' condition scores, with groups (the pooled rounds) as the
  targets of a one-way random-effects ANOVA. ICC(1) is the share of the variance that lies
  between groups; ICC(2) the reliability of a group's mean score.

With unequal group sizes the group size k in ICC(1) is the adjusted size
k0 = (N − Σ n_j² / N) / (J − 1) (Snedecor & Cochran; Bliese 2000); with equal sizes k0 = k and
both figures equal pingouin's ICC1 and ICC1k. Every figure is None when it is undefined.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.stats import counts_for_condition, cronbach_alpha

Codes = npt.NDArray[np.int8]
Levels = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Index = npt.NDArray[np.intp]
MIN_COMPLETE = 3  # as the engine's alpha: below 3 complete respondents nothing is computed
TOLERANCE = 1e-12  # a mean square this small is zero: scores lie in 1..5


@dataclass(frozen=True)
class ItemTotal:
    aspect: str
    r: float | None
    n: int


@dataclass(frozen=True)
class Icc:
    icc1: float | None
    icc2: float | None
    groups: int  # groups with at least one score
    n: int  # scores
    k0: float | None  # the (adjusted) group size used in ICC(1)


@dataclass(frozen=True)
class ConditionReliability:
    condition: str
    alpha: float | None
    alpha_n: int
    items: tuple[ItemTotal, ...]
    icc: Icc


# --- per condition, over complete respondents ---------------------------------------------------


def complete_levels(codes: Codes) -> Levels:
    """The rows of a respondents × aspects block that are numeric (1..5) on every aspect."""
    numeric = ((codes >= 1) & (codes <= 5)).all(axis=1)
    return codes[numeric].astype(np.int64)


def alpha(levels: Levels) -> float | None:
    """The engine's Cronbach's alpha, fed the level counts it works from."""
    items = np.stack([np.bincount(column, minlength=6)[1:6] for column in levels.T])
    totals = np.bincount(levels.sum(axis=1), minlength=1)
    return cronbach_alpha(items.astype(np.int64), totals.astype(np.int64))


def _pearson(x: Floats, y: Floats) -> float | None:
    dx, dy = x - x.mean(), y - y.mean()
    denominator = math.sqrt(float(dx @ dx) * float(dy @ dy))
    return float(dx @ dy) / denominator if denominator > TOLERANCE else None


def corrected_item_total(levels: Levels) -> tuple[float | None, ...]:
    """Per column: r of the column with the sum of the other columns (None when undefined)."""
    count, m = levels.shape
    if count < MIN_COMPLETE or m < 2:
        return tuple(None for _ in range(m))
    values = levels.astype(np.float64)
    total = values.sum(axis=1)
    return tuple(_pearson(values[:, j], total - values[:, j]) for j in range(m))


# --- across groups ------------------------------------------------------------------------------


def condition_scores(codes: Codes) -> Floats:
    """Each respondent's condition score: the mean of their numeric answers when they gave at
    least 60% of the aspects numerically (the engine's rule), else NaN."""
    numeric = (codes >= 1) & (codes <= 5)
    count = numeric.sum(axis=1)
    total = np.where(numeric, codes, 0).sum(axis=1, dtype=np.int64)
    scored = counts_for_condition(count, codes.shape[1])
    return np.where(scored, total / np.maximum(count, 1), np.nan)


def icc(scores: Floats, groups: Index) -> Icc:
    """ICC(1) and ICC(2) of a one-way random-effects ANOVA; NaN scores are left out."""
    known = ~np.isnan(scores)
    values, labels = scores[known], np.unique(groups[known], return_inverse=True)[1]
    n, sizes = values.size, np.bincount(labels)
    j = int(sizes.size)
    if j < 2 or n - j < 1:
        return Icc(None, None, j, n, None)
    means = np.bincount(labels, weights=values) / sizes
    msb = float(sizes @ (means - values.mean()) ** 2) / (j - 1)
    msw = float(((values - means[labels]) ** 2).sum()) / (n - j)
    k0 = (n - float(sizes @ sizes) / n) / (j - 1)
    denominator = msb + (k0 - 1) * msw
    icc1 = (msb - msw) / denominator if denominator > TOLERANCE else None
    icc2 = (msb - msw) / msb if msb > TOLERANCE else None
    return Icc(icc1, icc2, j, n, k0)


# --- the whole model ----------------------------------------------------------------------------


def _condition(
    codes: Codes, aspect_ids: Sequence[str], groups: Index
) -> tuple[float | None, int, tuple[ItemTotal, ...], Icc]:
    levels = complete_levels(codes)
    count = int(levels.shape[0])
    rs = corrected_item_total(levels)
    items = tuple(ItemTotal(a, r, count) for a, r in zip(aspect_ids, rs, strict=True))
    return alpha(levels), count, items, icc(condition_scores(codes), groups)


def reliability(
    model: CapabilityModel, current: Codes, groups: Index
) -> tuple[ConditionReliability, ...]:
    """Per condition of `model`: alpha, item–total correlations and ICCs.

    `current` holds respondents × aspects (model order) in the engine's codes (0 not answered,
    1..5, 6 don't know); `groups` one group number per respondent.
    """
    if current.shape != (groups.size, len(model.aspects)):
        raise ValueError("current must be respondents × the model's aspects, one group each")
    results, start = [], 0
    for condition in model.conditions:
        ids = [aspect.id for aspect in condition.aspects]
        block = current[:, start : start + len(ids)]
        start += len(ids)
        a, count, items, figures = _condition(block, ids, groups)
        results.append(ConditionReliability(condition.id, a, count, items, figures))
    return tuple(results)
