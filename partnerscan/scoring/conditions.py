"""Condition scores (the 60% rule), their reliability, and the overall figures (engine.py)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.options import MIN_RESPONDENTS
from partnerscan.scoring.results import ConditionResult, Mean, Overall, Score
from partnerscan.scoring.selections import Sums
from partnerscan.scoring.tally import ConditionLayout, Hist


def condition_scores(hists: Hist, layout: ConditionLayout) -> list[Score]:
    """Per selection (row): the mean of respondents' condition scores, each total / count of
    their numeric answers, counted only when count >= 60% of the condition's aspects; the mean
    and sd stay null below 3 such respondents (docs/method.md)."""
    packed = np.arange(layout.bins)
    count, total = packed // layout.base, packed % layout.base
    counted = stats.counts_for_condition(count, layout.m)
    scored = hists[:, counted]
    values = total[counted] / count[counted]
    n = scored.sum(axis=1)
    sums = scored @ values
    sds = _score_sds(scored, values, n, sums)
    return [
        Score(int(k), float(s / k), sd) if k >= MIN_RESPONDENTS else Score(int(k), None, None)
        for k, s, sd in zip(n, sums, sds, strict=True)
    ]


def _score_sds(
    scored: Hist, values: npt.NDArray[np.float64], n: Hist, sums: npt.NDArray[np.float64]
) -> list[float | None]:
    """Per selection, the sample sd (ddof=1) of the condition scores; None below two."""
    centre = sums / np.maximum(n, 1)
    squares = (scored * (values[np.newaxis, :] - centre[:, np.newaxis]) ** 2).sum(axis=1)
    return [
        math.sqrt(float(q) / (int(k) - 1)) if k >= 2 else None
        for q, k in zip(squares, n, strict=True)
    ]


def _alpha(layout: ConditionLayout, joint: Hist, current: Hist) -> tuple[float | None, int]:
    """Cronbach's alpha over the respondents complete on the condition's current answers."""
    items = joint[list(layout.columns), 1].sum(axis=2)[:, 1:6]  # complete rows, current levels
    complete = layout.m * layout.base
    totals = current[complete : complete + layout.base]  # index = the sum score
    return stats.cronbach_alpha(items, totals), int(totals.sum())


def conditions(
    model: CapabilityModel, plan: tuple[ConditionLayout, ...], total: Sums
) -> tuple[ConditionResult, ...]:
    results = []
    for c, (condition, layout) in enumerate(zip(model.conditions, plan, strict=True)):
        current = condition_scores(total.current[c], layout)[0]
        alpha, alpha_n = _alpha(layout, total.aspects[0], total.current[c][0])
        results.append(
            ConditionResult(
                id=condition.id,
                current=current,
                ambition=condition_scores(total.ambition[c], layout)[0],
                level=stats.level_of(_exact_score(current, total.current[c][0], layout)),
                alpha=alpha,
                alpha_n=alpha_n,
            )
        )
    return tuple(results)


def _exact_score(score: Score, hist: Hist, layout: ConditionLayout) -> Fraction | None:
    """The exact mean behind a condition score of one selection; None where it shows none."""
    return None if score.mean is None else exact.condition_mean(hist, layout)


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def overall(
    conditions: tuple[ConditionResult, ...], plan: tuple[ConditionLayout, ...], total: Sums
) -> Overall:
    """Mean of the condition means, its level and the weakest condition, all decided on the
    exact means (ties: the first condition in model order)."""
    parts = list(zip(conditions, plan, strict=True))
    current = [
        _exact_score(c.current, total.current[i][0], lay) for i, (c, lay) in enumerate(parts)
    ]
    ambition = [
        _exact_score(c.ambition, total.ambition[i][0], lay) for i, (c, lay) in enumerate(parts)
    ]
    scored = [(mean, i) for i, mean in enumerate(current) if mean is not None]
    weakest = min(scored)[1] if scored else None  # equal means: the lower index, model order
    overall = exact.mean_of(current)
    return Overall(
        current=Mean(_float(overall)),
        ambition=Mean(_float(exact.mean_of(ambition))),
        level=stats.level_of(overall),
        weakest_condition=conditions[weakest].id if weakest is not None else None,
    )
