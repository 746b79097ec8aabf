"""The numbers of a partnership health check (docs/method.md, "Health check of a partnership").

Both sides of a partnership answer the same statements, 1..5 or "don't know". Every sum is
exact (Fractions over multisets of answers and scores), so results do not depend on the order
of respondents, to the last bit; the checks are small, so this costs nothing that matters.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import get_args

from partnerscan.capability.health import Dimension, HealthModel, Side, Statement
from partnerscan.scoring.health_results import (
    DimensionAll,
    DimensionChange,
    DimensionResult,
    HealthOverall,
    HealthResults,
    SideFigure,
    StatementAll,
    StatementResult,
)
from partnerscan.scoring.options import MIN_RESPONDENTS, ScoringError, check_respondents
from partnerscan.scoring.records import DK, Value
from partnerscan.scoring.results import ModelRef
from partnerscan.scoring.trend import Summary, compare

SIDES: tuple[Side, ...] = get_args(Side)
Pool = Counter[Fraction]  # a multiset of answers or scores
Sides = Mapping[Side, Pool]


@dataclass(frozen=True)
class HealthRespondent:
    """One respondent; a statement missing from `answers` counts as not answered. `comments`
    are keyed by dimension id: the respondent's page asks one comment per dimension."""

    side: Side
    answers: Mapping[str, Value] = field(default_factory=dict)
    comments: Mapping[str, str | None] = field(default_factory=dict)

    def numeric(self, statement: str) -> int | None:
        value = self.answers.get(statement)
        return value if isinstance(value, int) else None

    @property
    def counts(self) -> bool:
        """Only a respondent with a numeric answer counts anywhere (docs/method.md, "Anonymity")."""
        return any(isinstance(value, int) for value in self.answers.values())


def check_health_respondents(model: HealthModel, respondents: Sequence[HealthRespondent]) -> None:
    """Raise ScoringError naming every unknown side, statement, dimension or answer."""
    known = {s.id for s in model.statements}
    dimensions = {d.id for d in model.dimensions}
    problems = []
    for number, respondent in enumerate(respondents, start=1):
        if respondent.side not in SIDES:
            problems.append(f"respondent {number}: unknown side '{respondent.side}'")
        for statement in respondent.answers:
            if statement not in known:
                problems.append(f"respondent {number}: unknown statement '{statement}'")
        for dimension in respondent.comments:
            if dimension not in dimensions:
                problems.append(f"respondent {number}: comment on unknown dimension '{dimension}'")
        for statement, value in respondent.answers.items():
            if not _valid(value):
                problems.append(
                    f"respondent {number}, {statement}: an answer is 1 to 5, '{DK}' or empty "
                    f"(got {value!r})"
                )
    if problems:
        raise ScoringError(problems)


def _valid(value: object) -> bool:
    return value is None or value == DK or (type(value) is int and 1 <= value <= 5)


def score_health(model: HealthModel, respondents: Iterable[HealthRespondent]) -> HealthResults:
    """Every figure of one health check; TooFewRespondents below 3 counting respondents."""
    given = list(respondents)
    check_health_respondents(model, given)
    counting = [r for r in given if r.counts]
    check_respondents(len(counting))
    statements = {s.id: _statement_pools(s, counting) for s in model.statements}
    dimensions = {d.id: _dimension_pools(d, counting) for d in model.dimensions}
    return HealthResults(
        model=ModelRef(model.id, model.version),
        respondents=len(counting),
        side_respondents={side: sum(r.side == side for r in counting) for side in SIDES},
        overall=_overall(dimensions.values()),
        dimensions=tuple(_dimension(d, dimensions[d.id]) for d in model.dimensions),
        statements=tuple(
            _statement(s, d, statements[s.id], counting)
            for d in model.dimensions
            for s in d.statements
        ),
    )


def dimension_score(respondent: HealthRespondent, dimension: Dimension) -> Fraction | None:
    """The mean of the respondent's numeric answers on the dimension, given only when they
    answered at least 60% of its statements numerically (the scan's condition rule)."""
    values = [v for s in dimension.statements if (v := respondent.numeric(s.id)) is not None]
    if not values or 5 * len(values) < 3 * len(dimension.statements):  # in integers: no rounding
        return None
    return Fraction(sum(values), len(values))


def _statement_pools(statement: Statement, counting: Sequence[HealthRespondent]) -> Sides:
    pools: dict[Side, Pool] = {side: Counter() for side in SIDES}
    for respondent in counting:
        value = respondent.numeric(statement.id)
        if value is not None:
            pools[respondent.side][Fraction(value)] += 1
    return pools


def _dimension_pools(dimension: Dimension, counting: Sequence[HealthRespondent]) -> Sides:
    pools: dict[Side, Pool] = {side: Counter() for side in SIDES}
    for respondent in counting:
        score = dimension_score(respondent, dimension)
        if score is not None:
            pools[respondent.side][score] += 1
    return pools


def _n(pool: Pool) -> int:
    return sum(pool.values())


def _mean(pool: Pool) -> Fraction | None:
    """The exact mean; None below 3 values (no figure rests on fewer)."""
    n = _n(pool)
    return sum((v * c for v, c in pool.items()), Fraction(0)) / n if n >= MIN_RESPONDENTS else None


def _sd(pool: Pool) -> float | None:
    """Sample sd (ddof=1) from the exact variance; None below 3 values."""
    centre = _mean(pool)
    if centre is None:
        return None
    variance = sum((c * (v - centre) ** 2 for v, c in pool.items()), Fraction(0))
    return math.sqrt(variance / (_n(pool) - 1))


def _float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def _both(pools: Sides) -> Pool:
    return sum(pools.values(), Counter())


def _side_means(pools: Sides) -> dict[Side, Fraction] | None:
    """Each side's exact mean, or None for both when either side has fewer than 3 values: the
    whole minus one shown side would otherwise give away the other."""
    means = {}
    for side, pool in pools.items():
        mean = _mean(pool)
        if mean is None:
            return None
        means[side] = mean
    return means


def _sides(pools: Sides) -> tuple[SideFigure | None, SideFigure | None, float | None]:
    means = _side_means(pools)
    if means is None:
        return None, None, None
    own, partner = (SideFigure(_n(pools[side]), float(means[side])) for side in SIDES)
    return own, partner, float(means["partner"] - means["own"])


def _statement(
    statement: Statement, dimension: Dimension, pools: Sides, counting: Sequence[HealthRespondent]
) -> StatementResult:
    both = _both(pools)
    mean = _mean(both)
    counts = None if mean is None else tuple(both[Fraction(level)] for level in range(1, 6))
    dont_know = sum(r.answers.get(statement.id) == DK for r in counting)
    figures = StatementAll(_n(both), dont_know, _float(mean), _sd(both), counts)
    return StatementResult(statement.id, statement.code, dimension.id, figures, *_sides(pools))


def _dimension(dimension: Dimension, pools: Sides) -> DimensionResult:
    both = _both(pools)
    figures = DimensionAll(_n(both), _float(_mean(both)), _sd(both))
    return DimensionResult(dimension.id, dimension.code, figures, *_sides(pools))


def _average(values: Sequence[Fraction]) -> Fraction | None:
    return sum(values, Fraction(0)) / len(values) if values else None


def _overall(dimensions: Iterable[Sides]) -> HealthOverall:
    """The mean of the dimensions' means (over those that have one); per side only when every
    dimension shows both sides, so a side's overall never leaves out a dimension."""
    pools = list(dimensions)
    whole = [m for p in pools if (m := _mean(_both(p))) is not None]
    sides = [_side_means(p) for p in pools]
    if any(means is None for means in sides):
        return HealthOverall(_float(_average(whole)), None, None, None)
    own = _average([means["own"] for means in sides if means is not None])
    partner = _average([means["partner"] for means in sides if means is not None])
    assert own is not None and partner is not None  # a model has at least one dimension
    return HealthOverall(_float(_average(whole)), float(own), float(partner), float(partner - own))


def health_trend(earlier: HealthResults, now: HealthResults) -> tuple[DimensionChange, ...]:
    """Per dimension of `now`, the change of its mean since `earlier` (matched by dimension
    id), judged by Welch's test as the scan's trend is."""
    before = {d.id: d.all for d in earlier.dimensions}
    changes = []
    for dimension in now.dimensions:
        then = before.get(dimension.id)
        then_summary = Summary(0, None, None) if then is None else _summary(then)
        result = compare(then_summary, _summary(dimension.all))
        changes.append(
            DimensionChange(
                dimension.id, then_summary.mean, dimension.all.mean, result.change, result.direction
            )
        )
    return tuple(changes)


def _summary(figures: DimensionAll) -> Summary:
    return Summary(figures.n, figures.mean, figures.sd)
