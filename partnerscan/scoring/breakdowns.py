"""The breakdowns by role, department and group, each figure pooled to at least k (engine.py)."""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import stats
from partnerscan.scoring.conditions import condition_scores
from partnerscan.scoring.pooling import Kind, display_order, pool_groups
from partnerscan.scoring.results import (
    Breakdown,
    BreakdownGroup,
    GroupAspect,
    GroupCondition,
    Score,
)
from partnerscan.scoring.selections import Grouping, Sums, collapse
from partnerscan.scoring.tally import ConditionLayout, Hist, Tally


def breakdowns(
    model: CapabilityModel,
    plan: tuple[ConditionLayout, ...],
    groupings: tuple[Grouping, ...],
    min_group: int,
    tallies: tuple[Tally, ...],
) -> list[Breakdown]:
    result = []
    for d, grouping in enumerate(groupings):
        t = next(t for t in tallies if d in t.dims)
        figures = _Figures(grouping, min_group)
        groups = figures.groups(model, plan, collapse(t, t.dims.index(d)))
        result.append(Breakdown(not groups, groups))
    return result


GroupKey = tuple[Kind, str | None]
NOT_SHOWN = Score(0, None)


class _Figures:
    """The figures of one breakdown, each pooled on the respondents who answered it.

    Histograms arrive per label (the merged small labels last); per figure, the label sizes are
    that figure's numeric answers, pooled by the rule of pooling.py, and the figure is computed
    from the summed histograms of each bucket. A label shown for no figure is left out.
    """

    def __init__(self, grouping: Grouping, min_group: int) -> None:
        self.grouping = grouping
        self.k = min_group
        self.shown: dict[GroupKey, dict[str, Score]] = defaultdict(dict)
        self.poolings: dict[tuple[int, ...], tuple[list[GroupKey], Hist]] = {}

    def pooled(self, sizes: Hist, hists: Hist) -> tuple[list[GroupKey], Hist]:
        """The keys of the shown buckets and, per bucket, the sum of its labels' histograms
        (rows of `hists`); no keys when the figure cannot be broken down safely."""
        key = tuple(sizes.tolist())
        if key not in self.poolings:  # most figures share their sizes: pool each shape once
            self.poolings[key] = self._pool(key)
        keys, member = self.poolings[key]
        return keys, member @ hists

    def _pool(self, sizes: tuple[int, ...]) -> tuple[list[GroupKey], Hist]:
        names = self.grouping.names
        small = sizes[-1] if self.grouping.small else 0
        pooling = pool_groups(sizes[: len(names)], names, self.k, small)
        member = np.zeros((len(pooling.buckets), self.grouping.size), dtype=np.int64)
        if not pooling.suppressed:
            member[list(pooling.bucket_of), range(len(names))] = 1
            if self.grouping.small:
                member[-1, -1] = 1  # the pooling has an "other" bucket whenever small > 0
        return [(bucket.kind, bucket.label) for bucket in pooling.buckets], member

    def add_levels(self, figure: str, levels: Hist) -> None:
        """An aspect's current mean per bucket, from the labels' counts of levels 1..5."""
        keys, counts = self.pooled(levels.sum(axis=1), levels)
        n = counts.sum(axis=1)
        means = (counts @ stats.LEVELS) / np.maximum(n, 1)
        for key, size, mean in zip(keys, n.tolist(), means.tolist(), strict=True):
            self.shown[key][figure] = Score(size, mean)

    def add_scores(self, figure: str, hist: Hist, layout: ConditionLayout) -> None:
        """A condition's mean score per bucket, from the labels' packed (count, total) bins."""
        answered = hist[
            :, stats.counts_for_condition(np.arange(layout.bins) // layout.base, layout.m)
        ]
        keys, rows = self.pooled(answered.sum(axis=1), hist)
        if not keys:
            return
        for key, result in zip(keys, condition_scores(rows, layout), strict=True):
            self.shown[key][figure] = Score(result.n, result.mean)

    def groups(
        self, model: CapabilityModel, plan: tuple[ConditionLayout, ...], sums: Sums
    ) -> tuple[BreakdownGroup, ...]:
        levels = sums.aspects.sum(axis=(2, 4))[:, :, 1:6]  # (labels, aspects, levels)
        for i, aspect in enumerate(model.aspects):
            self.add_levels(f"a:{aspect.id}", levels[:, i])
        for c, (condition, layout) in enumerate(zip(model.conditions, plan, strict=True)):
            self.add_scores(f"c:{condition.id}", sums.current[c], layout)
            self.add_scores(f"m:{condition.id}", sums.ambition[c], layout)
        keys = sorted(self.shown, key=lambda key: (key[0] == "other", display_order(key[1])))
        return tuple(self._group(model, key, self.shown[key]) for key in keys)

    @staticmethod
    def _group(model: CapabilityModel, key: GroupKey, figures: dict[str, Score]) -> BreakdownGroup:
        kind, label = key
        return BreakdownGroup(
            group=label,
            kind=kind,
            n=max(score.n for score in figures.values()),
            conditions=tuple(
                GroupCondition(
                    c.id,
                    figures.get(f"c:{c.id}", NOT_SHOWN),
                    figures.get(f"m:{c.id}", NOT_SHOWN),
                )
                for c in model.conditions
            ),
            aspects=tuple(
                GroupAspect(a.id, figures.get(f"a:{a.id}", NOT_SHOWN)) for a in model.aspects
            ),
        )
