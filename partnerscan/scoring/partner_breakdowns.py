"""The partners broken down by organisation and by kind (docs/method.md, "Partner view").

As the breakdowns of the self-scan (breakdowns.py): every figure is pooled on its own, on the
partners who answered that figure, by the rule of pooling.py with k = the partner view's k. A
group is shown for a figure only with at least k such partners, so the all-partners figure minus
the shown groups is 0 or at least k.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

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


def partner_breakdowns(
    organisation: Labels,
    kind: Labels,
    codes: Codes,
    aspect_ids: Sequence[str],
    conditions: Sequence[tuple[str, ConditionLayout]],
    k: int,
) -> tuple[PartnerBreakdown, PartnerBreakdown]:
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
    for j, aspect_id in enumerate(aspect_ids):
        values = codes[:, j].astype(np.int64)
        answered = (values >= 1) & (values <= 5)
        per = [_per_label(labels, values, CODES)[:, 1:6] for labels in (organisation, kind)]
        buckets = _crossed(organisation, kind, answered, [p.sum(axis=1) for p in per], k)
        for figures, pooled, hist in zip(shown, buckets, per, strict=True):
            for key, counts in _sum_rows(pooled, hist):
                n = int(counts.sum())
                figures[key][f"a:{aspect_id}"] = (n, stats.mean(stats.LEVELS, counts))
    for condition_id, layout in conditions:
        values = packed(codes, layout)
        scored = stats.counts_for_condition(np.arange(layout.bins) // layout.base, layout.m)
        answered = scored[values]
        per = [_per_label(labels, values, layout.bins) for labels in (organisation, kind)]
        sizes = [p[:, scored].sum(axis=1) for p in per]
        buckets = _crossed(organisation, kind, answered, sizes, k)
        for figures, pooled, hist in zip(shown, buckets, per, strict=True):
            summed = _sum_rows(pooled, hist)
            rows = np.array([row for _, row in summed], dtype=np.int64).reshape(-1, layout.bins)
            for (key, _), score in zip(summed, condition_scores(rows, layout), strict=True):
                figures[key][f"c:{condition_id}"] = (score.n, score.mean)
    by_organisation, by_kind = (_breakdown(figures, aspect_ids, conditions) for figures in shown)
    return by_organisation, by_kind


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
