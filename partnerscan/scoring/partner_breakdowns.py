"""The partners broken down by organisation and by kind (docs/method.md, "Partner view").

As the breakdowns of the self-scan (breakdowns.py): every figure is pooled on its own, on the
partners who answered that figure, by the rule of pooling.py with k = the partner view's k. A
group is shown for a figure only with at least k such partners, so the all-partners figure minus
the shown groups is 0 or at least k.

A condition's figures are linked to its aspects' figures (a partner's score is the mean of their
answers), so they are shown only where no combination of the two can single out fewer than k
partners (`_linked_safe`); `hidden` names the conditions whose partners' figures can therefore be
shown nowhere, not even over all partners.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerscan.scoring import stats
from partnerscan.scoring.conditions import condition_scores
from partnerscan.scoring.matrix import CODES, Codes, Labels
from partnerscan.scoring.partner_results import PartnerBreakdown, PartnerFigure, PartnerGroup
from partnerscan.scoring.partner_sides import packed
from partnerscan.scoring.pooling import Kind, Pooling, display_order, pool_groups
from partnerscan.scoring.tally import ConditionLayout, Hist

GroupKey = tuple[Kind, str | None]
Figures = dict[str, tuple[int, float | None]]  # "a:id" or "c:id" -> (n, mean)
Poolings = tuple[Pooling | None, Pooling | None]  # by organisation, by kind; None: not shown
Index = npt.NDArray[np.int64]
Answered = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class PartnerGroupings:
    by_organisation: PartnerBreakdown
    by_kind: PartnerBreakdown
    hidden: frozenset[str]  # conditions whose partners' figures are shown nowhere


def partner_breakdowns(
    organisation: Labels,
    kind: Labels,
    codes: Codes,
    aspect_ids: Sequence[str],
    conditions: Sequence[tuple[str, ConditionLayout]],
    k: int,
) -> PartnerGroupings:
    """The breakdowns of the partners in `codes` (rows) by organisation and by kind;
    `conditions` are the condition ids with their layouts over the columns of `codes`.

    Both describe the same partners, and a kind is a union of organisations, so each is safe
    alone but not necessarily together: with organisations A (5) and D (5) shown, and C (2)
    pooled with A, the kind "private" = C + D would give C by subtracting D. So per figure the
    two poolings are crossed: when any cell (organisation bucket × kind bucket) holds between
    1 and k − 1 partners, the kind breakdown does not show that figure. Every combination of
    shown figures is then constant on cells of at least k partners.
    """
    shown: tuple[dict[GroupKey, Figures], dict[GroupKey, Figures]] = (
        defaultdict(dict),
        defaultdict(dict),
    )
    per_aspect: list[tuple[Answered, Poolings]] = []
    for j, aspect_id in enumerate(aspect_ids):
        values = codes[:, j].astype(np.int64)
        answered = (values >= 1) & (values <= 5)
        per = [_per_label(labels, values, CODES)[:, 1:6] for labels in (organisation, kind)]
        buckets = _crossed(organisation, kind, answered, [p.sum(axis=1) for p in per], k)
        per_aspect.append((answered, buckets))
        for figures, pooled, hist in zip(shown, buckets, per, strict=True):
            for key, counts in _sum_rows(pooled, hist):
                n = int(counts.sum())
                figures[key][f"a:{aspect_id}"] = (n, stats.mean(stats.LEVELS, counts))
    hidden = set()
    for condition_id, layout in conditions:
        values = packed(codes, layout)
        scored = stats.counts_for_condition(np.arange(layout.bins) // layout.base, layout.m)
        answered = scored[values]
        per = [_per_label(labels, values, layout.bins) for labels in (organisation, kind)]
        sizes = [p[:, scored].sum(axis=1) for p in per]
        buckets = _crossed(organisation, kind, answered, sizes, k)
        weight = np.where(answered, values // layout.base, 0)
        aspects = [per_aspect[j] for j in layout.columns]
        if not _linked_safe((organisation, kind), weight, buckets, aspects, k):
            hidden.add(condition_id)
            continue
        for figures, pooled, hist in zip(shown, buckets, per, strict=True):
            summed = _sum_rows(pooled, hist)
            rows = np.array([row for _, row in summed], dtype=np.int64).reshape(-1, layout.bins)
            for (key, _), score in zip(summed, condition_scores(rows, layout), strict=True):
                figures[key][f"c:{condition_id}"] = (score.n, score.mean)
    by_organisation, by_kind = (_breakdown(figures, aspect_ids, conditions) for figures in shown)
    return PartnerGroupings(by_organisation, by_kind, frozenset(hidden))


def _breakdown(
    shown: dict[GroupKey, Figures],
    aspect_ids: Sequence[str],
    conditions: Sequence[tuple[str, ConditionLayout]],
) -> PartnerBreakdown:
    keys = sorted(shown, key=lambda key: (key[0] == "other", display_order(key[1])))
    groups = tuple(_group(key, shown[key], aspect_ids, conditions) for key in keys)
    return PartnerBreakdown(not groups, groups)


def _per_label(labels: Labels, values: Hist, bins: int) -> Hist:
    """Per label (rows), how often each value 0..bins − 1 occurs among its partners."""
    size = len(labels.names)
    flat = np.bincount(labels.codes * bins + values, minlength=size * bins)
    result: Hist = flat.astype(np.int64).reshape(size, bins)
    return result


def _crossed(
    organisation: Labels,
    kind: Labels,
    answered: npt.NDArray[np.bool_],
    sizes: Sequence[Hist],
    k: int,
) -> tuple[Pooling | None, Pooling | None]:
    """One figure's pooling by organisation and by kind (None: not shown), the kind's dropped
    when a cell of the two holds between 1 and k − 1 of the partners who answered it."""
    by_org, by_kind = (
        _pooling(labels, size, k) for labels, size in zip((organisation, kind), sizes, strict=True)
    )
    if by_org is None or by_kind is None:
        return by_org, by_kind
    org_bucket = np.asarray(by_org.bucket_of, dtype=np.int64)[organisation.codes[answered]]
    kind_bucket = np.asarray(by_kind.bucket_of, dtype=np.int64)[kind.codes[answered]]
    width = len(by_kind.buckets)
    cells = np.bincount(org_bucket * width + kind_bucket)
    if ((cells > 0) & (cells < k)).any():
        return by_org, None
    return by_org, by_kind


def _linked_safe(
    labels: tuple[Labels, Labels],
    weight: Index,
    condition: Poolings,
    aspects: Sequence[tuple[Answered, Poolings]],
    k: int,
) -> bool:
    """Whether a condition's figures may be shown beside those of its aspects. `weight` is,
    per partner, how many of the condition's partner aspects they answered if that gives a
    score, else 0; `aspects` are the condition's aspects: who answered each, and its poolings.

    A partner's answer on an aspect enters that aspect's figures (over all partners and in
    its groups by organisation and by kind) with weight 1, and the condition's (over all and in
    the condition's own groups) with 1/q, q the number of its partner aspects they answered; not
    at all without a score. Any sum or difference of shown figures therefore weighs alike the
    answers on one aspect of partners who share q and their four groups: those are the cells.
    With every cell of every aspect empty or of at least k partners, no combination rests on
    fewer than k partners. Otherwise one partner who answered goals, but too little else of
    strategy for a score, is 11 × goals − (3 × 10 × strategy − 10 × selection − 10 ×
    attractiveness), exactly, when the others answered all three."""
    scored = weight > 0
    columns = [weight]
    for grouping, pooling in zip(labels, condition, strict=True):
        columns.append(np.where(scored, _bucket_of(grouping, pooling), -1))
    for answered, poolings in aspects:
        own = [_bucket_of(grouping, p) for grouping, p in zip(labels, poolings, strict=True)]
        cells = np.stack([*columns, *own], axis=1)[answered]
        _keys, sizes = np.unique(cells, axis=0, return_counts=True)
        if (sizes < k).any():
            return False
    return True


def _bucket_of(labels: Labels, pooling: Pooling | None) -> Index:
    """Per partner, the bucket of their label; -1 where the figure is not broken down."""
    if pooling is None:
        return np.full(labels.codes.shape, -1, dtype=np.int64)
    result: Index = np.asarray(pooling.bucket_of, dtype=np.int64)[labels.codes]
    return result


def _pooling(labels: Labels, sizes: Hist, k: int) -> Pooling | None:
    pooling = pool_groups(sizes.tolist(), labels.names, k)
    return None if pooling.suppressed else pooling


def _sum_rows(pooling: Pooling | None, per_label: Hist) -> list[tuple[GroupKey, Hist]]:
    """The buckets safe to show for one figure, each with the sum of its labels' rows; none
    when the figure cannot be broken down safely."""
    if pooling is None:
        return []
    size = per_label.shape[0]
    member = np.zeros((len(pooling.buckets), size), dtype=np.int64)
    member[list(pooling.bucket_of), range(size)] = 1
    return [
        ((bucket.kind, bucket.label), row)
        for bucket, row in zip(pooling.buckets, member @ per_label, strict=True)
    ]


def _group(
    key: GroupKey,
    figures: Figures,
    aspect_ids: Sequence[str],
    conditions: Sequence[tuple[str, ConditionLayout]],
) -> PartnerGroup:
    kind, label = key
    return PartnerGroup(
        group=label,
        kind=kind,
        n=max(n for n, _ in figures.values()),
        aspects=tuple(PartnerFigure(a, *figures.get(f"a:{a}", (0, None))) for a in aspect_ids),
        conditions=tuple(
            PartnerFigure(c, *figures.get(f"c:{c}", (0, None))) for c, _ in conditions
        ),
    )
