"""Score a response matrix against a capability model (PRODUCT.md §4; see docs/method.md)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.breakdowns import breakdowns
from partnerscan.scoring.conditions import conditions, overall
from partnerscan.scoring.matrix import DK_CODE, ResponseMatrix
from partnerscan.scoring.options import (
    MIN_RESPONDENTS,
    ScoringError,
    check_options,
    check_respondents,
)
from partnerscan.scoring.results import (
    Agreement,
    AspectResult,
    Breakdowns,
    Distribution,
    Gap,
    Lead,
    ModelRef,
    Results,
)
from partnerscan.scoring.selections import (
    Grouping,
    Sums,
    collapse,
    counting_rows,
    groupings,
    merge_small,
)
from partnerscan.scoring.tally import ConditionLayout, Hist, Tally, cell_index, layouts, tally

MAX_CELLS = 1024  # above this, one tally per grouping instead of one over their combinations
LEADS = 3


def score(
    model: CapabilityModel,
    matrix: ResponseMatrix,
    *,
    shares: Mapping[str, float] | None = None,
    min_group: int = 5,
    lang: str = "nl",
) -> Results:
    """All results of §4 for the respondents in `matrix` (aspects in model order).

    Only respondents with at least one numeric answer count (docs/method.md, "every figure
    rests on enough answers"): a row of blanks, "don't know" and comments is left out before
    anything is counted, so it can neither lift the round over 3 nor a group over k.
    """
    check_options(model, shares, min_group, lang)
    if matrix.aspect_ids != tuple(a.id for a in model.aspects):
        raise ScoringError(["the response matrix does not hold this model's aspects in order"])
    matrix = counting_rows(matrix)
    check_respondents(matrix.respondents)
    plan = layouts([len(c.aspects) for c in model.conditions])
    merged = tuple(merge_small(labels, min_group) for labels in groupings(matrix))
    tallies = _tallies(matrix, plan, merged)
    total = collapse(tallies[0], None)
    aspects = _aspects(model, total, dict(shares or {}))
    per_condition = conditions(model, plan, total)
    return Results(
        model=ModelRef(model.id, model.version),
        respondents=matrix.respondents,
        min_group=min_group,
        lang=lang,
        challenge_shares=dict(shares or {}),
        overall=overall(per_condition, plan, total),
        conditions=per_condition,
        aspects=aspects,
        leads=_leads(model, aspects, lang, total, dict(shares or {})),
        breakdowns=Breakdowns(*breakdowns(model, plan, merged, min_group, tallies)),
    )


def _tallies(
    matrix: ResponseMatrix, plan: tuple[ConditionLayout, ...], merged: tuple[Grouping, ...]
) -> tuple[Tally, ...]:
    """One tally over all label combinations, or one per grouping when they are too many."""
    shape = tuple(g.size for g in merged)
    dims = tuple(range(len(merged)))
    if int(np.prod(shape, dtype=np.int64)) <= MAX_CELLS:
        codes = [g.codes for g in merged]
        return (tally(matrix, plan, cell_index(codes, shape), dims, shape),)
    return tuple(tally(matrix, plan, g.codes, (d,), (g.size,)) for d, g in enumerate(merged))


# --- aspects ------------------------------------------------------------------------------------


def _distribution(codes: Hist) -> Distribution:
    """From counts of codes 0..6 (not answered, levels, don't know); every figure of it stays
    null below 3 numeric answers (docs/method.md)."""
    levels = codes[1:6]
    n, dont_know = int(levels.sum()), int(codes[DK_CODE])
    if n < MIN_RESPONDENTS:
        return Distribution(n, dont_know, None, None, None, None)
    return Distribution(
        n=n,
        dont_know=dont_know,
        mean=stats.mean(stats.LEVELS, levels),
        median=stats.median(stats.LEVELS, levels),
        sd=stats.sd(stats.LEVELS, levels),
        counts=tuple(int(c) for c in levels),
    )


def _gap(pairs: Hist) -> Gap:
    counts = stats.gap_counts(pairs[1:6, 1:6])
    n = int(counts.sum())
    if n < MIN_RESPONDENTS:
        return Gap(n, None, None)
    return Gap(n, stats.mean(stats.GAPS, counts), stats.median(stats.GAPS, counts))


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
        agreement=_agreement(pairs.sum(axis=1)[1:6])
        if current.n >= MIN_RESPONDENTS
        else Agreement(None, None, False),
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
        counts = result.current.counts  # None below 3 answers
        current = exact.mean(counts) if counts is not None else None
        level = stats.level_of(current) or 1
        step = model.aspect(result.id).next_steps[level - 1].get(lang)
        leads.append(Lead(result.id, result.priority or 0.0, level, step))
    return tuple(leads)
