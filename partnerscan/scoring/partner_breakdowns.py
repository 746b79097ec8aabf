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

from partnerscan.scoring import stats
from partnerscan.scoring.conditions import condition_scores
from partnerscan.scoring.matrix import CODES, Codes, Labels
from partnerscan.scoring.partner_results import PartnerBreakdown, PartnerFigure, PartnerGroup
from partnerscan.scoring.partner_sides import packed
from partnerscan.scoring.pooling import Kind, display_order, pool_groups
from partnerscan.scoring.tally import ConditionLayout, Hist

GroupKey = tuple[Kind, str | None]
Figures = dict[str, tuple[int, float | None]]  # "a:id" or "c:id" -> (n, mean)


def partner_breakdown(
    labels: Labels,
    codes: Codes,
    aspect_ids: Sequence[str],
    conditions: Sequence[tuple[str, ConditionLayout]],
    k: int,
) -> PartnerBreakdown:
    """One breakdown of the partners in `codes` (rows) by `labels`; `conditions` are the
    condition ids with their layouts over the columns of `codes`."""
    shown: dict[GroupKey, Figures] = defaultdict(dict)
    for j, aspect_id in enumerate(aspect_ids):
        levels = _per_label(labels, codes[:, j].astype(np.int64), CODES)[:, 1:6]
        for key, counts in _pooled(labels, levels.sum(axis=1), levels, k):
            n = int(counts.sum())
            shown[key][f"a:{aspect_id}"] = (n, stats.mean(stats.LEVELS, counts))
    for condition_id, layout in conditions:
        hist = _per_label(labels, packed(codes, layout), layout.bins)
        scored = stats.counts_for_condition(np.arange(layout.bins) // layout.base, layout.m)
        pooled = _pooled(labels, hist[:, scored].sum(axis=1), hist, k)
        rows = np.array([row for _, row in pooled], dtype=np.int64).reshape(-1, layout.bins)
        for (key, _), score in zip(pooled, condition_scores(rows, layout), strict=True):
            shown[key][f"c:{condition_id}"] = (score.n, score.mean)
    keys = sorted(shown, key=lambda key: (key[0] == "other", display_order(key[1])))
    groups = tuple(_group(key, shown[key], aspect_ids, conditions) for key in keys)
    return PartnerBreakdown(not groups, groups)


def _per_label(labels: Labels, values: Hist, bins: int) -> Hist:
    """Per label (rows), how often each value 0..bins − 1 occurs among its partners."""
    size = len(labels.names)
    flat = np.bincount(labels.codes * bins + values, minlength=size * bins)
    result: Hist = flat.astype(np.int64).reshape(size, bins)
    return result


def _pooled(labels: Labels, sizes: Hist, per_label: Hist, k: int) -> list[tuple[GroupKey, Hist]]:
    """The buckets safe to show for one figure, each with the sum of its labels' rows; none
    when the figure cannot be broken down safely."""
    pooling = pool_groups(sizes.tolist(), labels.names, k)
    if pooling.suppressed:
        return []
    member = np.zeros((len(pooling.buckets), len(labels.names)), dtype=np.int64)
    member[list(pooling.bucket_of), range(len(labels.names))] = 1
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
