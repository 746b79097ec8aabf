"""Score a response matrix against a capability model (PRODUCT.md §4; see docs/method.md)."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.matrix import DK_CODE, Labels, ResponseMatrix
from partnerscan.scoring.options import (
    MIN_RESPONDENTS,
    ScoringError,
    check_options,
    check_respondents,
)
from partnerscan.scoring.pooling import Kind, display_order, pool_groups
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
    groupings = tuple(_merge_small(labels, min_group) for labels in _groupings(matrix))
    tallies = _tallies(matrix, plan, groupings)
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
        breakdowns=Breakdowns(*_breakdowns(model, plan, groupings, min_group, tallies)),
    )


# --- tallying -----------------------------------------------------------------------------------


def _numeric(codes: npt.NDArray[np.int8]) -> npt.NDArray[np.bool_]:
    """Per row: any level 1..5 (0 wraps to 255 when viewed unsigned, so one comparison)."""
    shifted = codes.view(np.uint8) - np.uint8(1)
    return np.asarray((shifted < 5).any(axis=1))


def counting_rows(matrix: ResponseMatrix) -> ResponseMatrix:
    """The matrix without respondents who gave no numeric answer at all."""
    keep = _numeric(matrix.current) | _numeric(matrix.ambition)
    if bool(keep.all()):
        return matrix
    return ResponseMatrix(
        matrix.aspect_ids,
        np.asfortranarray(matrix.current[keep]),
        np.asfortranarray(matrix.ambition[keep]),
        *(Labels(labels.codes[keep], labels.names) for labels in _groupings(matrix)),
    )


def _groupings(matrix: ResponseMatrix) -> tuple[Labels, Labels, Labels]:
    return matrix.role, matrix.department, matrix.group


@dataclass(frozen=True, eq=False)
class Grouping:
    """One grouping's labels as codes into `names`, with every label of fewer than k counting
    respondents merged into one extra last code (when `small`): such a label is below k for
    every figure, so it is always pooled, and merging it keeps the tally small."""

    codes: npt.NDArray[np.intp]
    names: tuple[str | None, ...]
    small: bool

    @property
    def size(self) -> int:
        return len(self.names) + self.small


def _merge_small(labels: Labels, k: int) -> Grouping:
    heads = np.bincount(labels.codes, minlength=len(labels.names))
    big = [i for i, n in enumerate(heads) if n >= k]
    small = bool(heads.sum() - heads[big].sum())
    recode = np.full(len(labels.names), len(big), dtype=np.intp)
    recode[big] = np.arange(len(big), dtype=np.intp)
    return Grouping(recode.take(labels.codes), tuple(labels.names[i] for i in big), small)


def _tallies(
    matrix: ResponseMatrix, plan: tuple[ConditionLayout, ...], groupings: tuple[Grouping, ...]
) -> tuple[Tally, ...]:
    """One tally over all label combinations, or one per grouping when they are too many."""
    shape = tuple(g.size for g in groupings)
    dims = tuple(range(len(groupings)))
    if int(np.prod(shape, dtype=np.int64)) <= MAX_CELLS:
        codes = [g.codes for g in groupings]
        return (tally(matrix, plan, cell_index(codes, shape), dims, shape),)
    return tuple(tally(matrix, plan, g.codes, (d,), (g.size,)) for d, g in enumerate(groupings))


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


# --- conditions and overall ---------------------------------------------------------------------


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
        counts = result.current.counts  # None below 3 answers
        current = exact.mean(counts) if counts is not None else None
        level = stats.level_of(current) or 1
        step = model.aspect(result.id).next_steps[level - 1].get(lang)
        leads.append(Lead(result.id, result.priority or 0.0, level, step))
    return tuple(leads)


# --- breakdowns ---------------------------------------------------------------------------------


def _breakdowns(
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
        groups = figures.groups(model, plan, _collapse(t, t.dims.index(d)))
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
