"""Score a response matrix against a capability model (PRODUCT.md §4; see docs/method.md)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.matrix import DK_CODE, Labels, ResponseMatrix
from partnerscan.scoring.options import ScoringError, check_options, check_respondents
from partnerscan.scoring.pooling import Pooling, pool_groups
from partnerscan.scoring.results import (
    Agreement,
    AspectResult,
    Breakdown,
    BreakdownGroup,
    Breakdowns,
    ConditionResult,
    Distribution,
    Gap,
    GroupAspect,
    GroupCondition,
    Lead,
    Mean,
    ModelRef,
    Overall,
    Results,
    Score,
)
from partnerscan.scoring.tally import ConditionLayout, Hist, Tally, cell_index, layouts, tally

GROUPINGS = ("role", "department", "group")
MAX_CELLS = 1024  # above this, one tally per grouping instead of one over their combinations
LEADS = 3


@dataclass(frozen=True)
class Sums:
    """Histograms of one or more selections (leading axis), see tally.py."""

    aspects: Hist  # (selections, aspects, 2, 7, 7)
    current: tuple[Hist, ...]  # per condition (selections, bins)
    ambition: tuple[Hist, ...]


def score(
    model: CapabilityModel,
    matrix: ResponseMatrix,
    *,
    shares: Mapping[str, float] | None = None,
    min_group: int = 5,
    lang: str = "nl",
) -> Results:
    """All results of §4 for the respondents in `matrix` (aspects in model order)."""
    check_options(model, shares, min_group, lang)
    if matrix.aspect_ids != tuple(a.id for a in model.aspects):
        raise ScoringError(["the response matrix does not hold this model's aspects in order"])
    check_respondents(matrix.respondents)
    plan = layouts([len(c.aspects) for c in model.conditions])
    poolings = tuple(_pool(labels, min_group) for labels in _groupings(matrix))
    tallies = _tallies(matrix, plan, poolings)
    total = _collapse(tallies[0], None)
    aspects = _aspects(model, total, dict(shares or {}))
    conditions = _conditions(model, plan, total)
    return Results(
        model=ModelRef(model.id, model.version),
        respondents=matrix.respondents,
        min_group=min_group,
        lang=lang,
        challenge_shares=dict(shares or {}),
        overall=_overall(conditions, plan, total),
        conditions=conditions,
        aspects=aspects,
        leads=_leads(model, aspects, lang, total, dict(shares or {})),
        breakdowns=Breakdowns(*_breakdowns(model, plan, poolings, tallies)),
    )


# --- tallying -----------------------------------------------------------------------------------


def _groupings(matrix: ResponseMatrix) -> tuple[Labels, Labels, Labels]:
    return matrix.role, matrix.department, matrix.group


def _pool(labels: Labels, min_group: int) -> Pooling:
    sizes = np.bincount(labels.codes, minlength=len(labels.names))
    return pool_groups([int(n) for n in sizes], labels.names, min_group)


def _buckets(labels: Labels, pooling: Pooling) -> npt.NDArray[np.intp]:
    return np.asarray(pooling.bucket_of, dtype=np.intp).take(labels.codes)


def _tallies(
    matrix: ResponseMatrix, plan: tuple[ConditionLayout, ...], poolings: tuple[Pooling, ...]
) -> tuple[Tally, ...]:
    """One tally over all shown combinations, or one per grouping when they are too many."""
    dims = tuple(d for d, p in enumerate(poolings) if not p.suppressed)
    shape = tuple(len(poolings[d].buckets) for d in dims)
    labels = _groupings(matrix)
    if int(np.prod(shape, dtype=np.int64)) <= MAX_CELLS:
        buckets = [_buckets(labels[d], poolings[d]) for d in dims]
        return (tally(matrix, plan, cell_index(buckets, shape), dims, shape),)
    return tuple(
        tally(matrix, plan, _buckets(labels[d], poolings[d]), (d,), (len(poolings[d].buckets),))
        for d in dims
    )


def _collapse(t: Tally, keep: int | None) -> Sums:
    """Sum a tally over every grouping but `keep` (None: over all, leaving one selection)."""
    axes = tuple(i for i in range(len(t.shape)) if i != keep)

    def reduce(hist: Hist) -> Hist:
        summed: Hist = hist.sum(axis=axes)
        return summed if keep is not None else summed[np.newaxis]

    return Sums(
        reduce(t.aspects),
        tuple(reduce(h) for h in t.current),
        tuple(reduce(h) for h in t.ambition),
    )


# --- aspects ------------------------------------------------------------------------------------


def _distribution(codes: Hist) -> Distribution:
    """From counts of codes 0..6 (not answered, levels, don't know)."""
    levels = codes[1:6]
    return Distribution(
        n=int(levels.sum()),
        dont_know=int(codes[DK_CODE]),
        mean=stats.mean(stats.LEVELS, levels),
        median=stats.median(stats.LEVELS, levels),
        sd=stats.sd(stats.LEVELS, levels),
        counts=tuple(int(c) for c in levels),
    )


def _gap(pairs: Hist) -> Gap:
    counts = stats.gap_counts(pairs[1:6, 1:6])
    return Gap(int(counts.sum()), stats.mean(stats.GAPS, counts), stats.median(stats.GAPS, counts))


def _agreement(levels: Hist) -> Agreement:
    # Decided in integers: the float ad_m of an answer set exactly at 5/6 can land above it.
    return Agreement(stats.ad_m(levels), stats.rwg(levels), exact.views_differ(levels))


def weight(aspect: Aspect, shares: Mapping[str, float]) -> float:
    """Σ share(type) × weight(aspect, type); 1 without shares."""
    return float(exact.weight(aspect, shares))


def _aspect(
    aspect: Aspect, condition: str, joint: Hist, shares: Mapping[str, float]
) -> AspectResult:
    pairs = joint.sum(axis=0)  # over complete or not: (current code, ambition code)
    current = _distribution(pairs.sum(axis=1))
    gap = _gap(pairs)
    aspect_weight = weight(aspect, shares)
    priority = exact.priority(aspect, pairs, shares)
    return AspectResult(
        id=aspect.id,
        code=aspect.code,
        condition=condition,
        current=current,
        ambition=_distribution(pairs.sum(axis=0)),
        gap=gap,
        agreement=_agreement(pairs.sum(axis=1)[1:6]),
        insufficient_view=current.dont_know * 10 > 3 * (current.n + current.dont_know),
        weight=aspect_weight,
        priority=None if gap.mean is None or priority is None else float(priority),
    )


def _aspects(
    model: CapabilityModel, total: Sums, shares: Mapping[str, float]
) -> tuple[AspectResult, ...]:
    owners = [c.id for c in model.conditions for _ in c.aspects]
    return tuple(
        _aspect(aspect, owners[i], total.aspects[0, i], shares)
        for i, aspect in enumerate(model.aspects)
    )


# --- conditions and overall ---------------------------------------------------------------------


def condition_scores(hists: Hist, layout: ConditionLayout) -> list[Score]:
    """Per selection (row): the mean of respondents' condition scores, each total / count of
    their numeric answers, counted only when count >= 60% of the condition's aspects."""
    packed = np.arange(layout.bins)
    count, total = packed // layout.base, packed % layout.base
    counted = stats.counts_for_condition(count, layout.m)
    scored = hists[:, counted]
    values = total[counted] / count[counted]
    n = scored.sum(axis=1)
    sums = scored @ values
    sds = _score_sds(scored, values, n, sums)
    return [
        Score(int(k), float(s / k) if k else None, sd)
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


def _conditions(
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


def _overall(
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


def _leads(
    model: CapabilityModel,
    aspects: tuple[AspectResult, ...],
    lang: str,
    total: Sums,
    shares: Mapping[str, float],
) -> tuple[Lead, ...]:
    """The highest exact priorities above 0; equal priorities keep model order."""
    candidates = []
    for i, result in enumerate(aspects):
        # The float priority is the exact one rounded, so it has its sign; only the order
        # needs the exact values (1.2 × 2 and 0.8 × 3 differ in floats).
        if result.priority is not None and result.priority > 0:
            pairs = total.aspects[0, i].sum(axis=0)
            priority = exact.priority(model.aspects[i], pairs, shares)
            candidates.append((-(priority or 0), i))
    leads = []
    for _, i in sorted(candidates)[:LEADS]:
        result = aspects[i]
        current = exact.mean(result.current.counts) if result.current.mean is not None else None
        level = stats.level_of(current) or 1
        step = model.aspect(result.id).next_steps[level - 1].get(lang)
        leads.append(Lead(result.id, result.priority or 0.0, level, step))
    return tuple(leads)


# --- breakdowns ---------------------------------------------------------------------------------


def _breakdowns(
    model: CapabilityModel,
    plan: tuple[ConditionLayout, ...],
    poolings: tuple[Pooling, ...],
    tallies: tuple[Tally, ...],
) -> list[Breakdown]:
    result = []
    for d, pooling in enumerate(poolings):
        if pooling.suppressed:
            result.append(Breakdown(True, ()))
            continue
        t = next(t for t in tallies if d in t.dims)
        groups = _groups(model, plan, _collapse(t, t.dims.index(d)), pooling)
        result.append(Breakdown(False, groups))
    return result


def _level_means(levels: Hist) -> list[list[float | None]]:
    """Means of the last axis (counts of levels 1..5), None where there are no answers."""
    n = levels.sum(axis=-1)
    sums = levels @ stats.LEVELS
    return [
        [float(s / k) if k else None for s, k in zip(*row, strict=True)]
        for row in zip(sums, n, strict=True)
    ]


def _groups(
    model: CapabilityModel, plan: tuple[ConditionLayout, ...], sums: Sums, pooling: Pooling
) -> tuple[BreakdownGroup, ...]:
    """One entry per bucket; all buckets are computed at once."""
    current = [condition_scores(h, layout) for h, layout in zip(sums.current, plan, strict=True)]
    ambition = [condition_scores(h, layout) for h, layout in zip(sums.ambition, plan, strict=True)]
    aspect_means = _level_means(sums.aspects.sum(axis=(2, 4))[:, :, 1:6])
    ids = [a.id for a in model.aspects]
    return tuple(
        BreakdownGroup(
            group=bucket.label,
            kind=bucket.kind,
            n=bucket.n,
            conditions=tuple(
                GroupCondition(condition.id, Mean(current[c][b].mean), Mean(ambition[c][b].mean))
                for c, condition in enumerate(model.conditions)
            ),
            aspects=tuple(
                GroupAspect(i, Mean(m)) for i, m in zip(ids, aspect_means[b], strict=True)
            ),
        )
        for b, bucket in enumerate(pooling.buckets)
    )
