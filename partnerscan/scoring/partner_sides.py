"""The two sides of the partner view, figure by figure (docs/method.md, "Partner view").

Both sides are held the same way: current answers as codes (0 not answered, 1..5, 6 don't know)
in a respondents × partner aspects array, so the organisation's own respondents and the partners
go through the same counting. Each figure comes with its exact mean, on which the verdicts are
decided.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.conditions import condition_scores
from partnerscan.scoring.matrix import CODES, DK_CODE, Codes, Labels, encode
from partnerscan.scoring.options import ScoringError
from partnerscan.scoring.partner_results import ScoreSide, Side, Verdict
from partnerscan.scoring.records import Value
from partnerscan.scoring.tally import ConditionLayout, Hist
from partnerscan.scoring.trend import Change, Summary, compare

HALF = Fraction(1, 2)  # the smallest difference of means that can be a blind spot


@dataclass(frozen=True)
class PartnerRecord:
    """One partner respondent; an aspect missing from `answers` counts as not answered."""

    id: str
    organisation: str | None  # the partner organisation's name; None: unknown
    kind: str | None  # the partner kind's id, e.g. "public"; None: unknown
    answers: Mapping[str, Value]  # aspect id -> 1..5, "dk" or None
    comments: Mapping[str, str | None] = field(default_factory=dict)  # not scored


@dataclass(frozen=True, eq=False)
class Partners:
    """The counting partners: their codes on the partner aspects and their two groupings."""

    codes: Codes
    organisation: Labels
    kind: Labels

    @property
    def respondents(self) -> int:
        return int(self.codes.shape[0])

    @property
    def organisations(self) -> int:
        present = set(self.organisation.codes.tolist())
        return sum(self.organisation.names[i] is not None for i in present)


def partners_of(model: CapabilityModel, records: Sequence[PartnerRecord]) -> Partners:
    """Encode the partners who count: those with a numeric answer on a partner aspect. Answers
    on aspects a partner is not asked about are ignored; an unknown aspect or a bad value is an
    error naming the partner."""
    ids = [aspect.id for aspect in model.partner_aspects]
    known = {aspect.id for aspect in model.aspects}
    rows: list[list[int]] = []
    problems: list[str] = []
    for record in records:
        for aspect_id in sorted(set(record.answers) - known):
            problems.append(f"partner {record.id!r}: unknown aspect {aspect_id!r}")
        rows.append([_code(record, aspect_id, problems) for aspect_id in ids])
    if problems:
        raise ScoringError(problems)
    counting = [i for i, row in enumerate(rows) if any(1 <= code <= 5 for code in row)]
    codes = np.array([rows[i] for i in counting], dtype=np.int8).reshape(len(counting), len(ids))
    return Partners(
        np.asfortranarray(codes),
        Labels.from_values([records[i].organisation for i in counting]),
        Labels.from_values([records[i].kind for i in counting]),
    )


def _code(record: PartnerRecord, aspect_id: str, problems: list[str]) -> int:
    try:
        return encode(record.answers.get(aspect_id))
    except ValueError as exc:
        problems.append(f"partner {record.id!r}, aspect {aspect_id!r}: {exc}")
        return 0


# --- figures of one side ---------------------------------------------------------------------


def level_counts(column: Codes) -> Hist:
    """Counts of codes 0..6 in one aspect's column."""
    return np.bincount(column.astype(np.intp), minlength=CODES).astype(np.int64)


def aspect_side(column: Codes, threshold: int) -> tuple[Side, Fraction | None]:
    """One side's figures on an aspect and their exact mean, both hidden below `threshold`."""
    codes = level_counts(column)
    levels = codes[1:6]
    n, dont_know = int(levels.sum()), int(codes[DK_CODE])
    if n < threshold:
        return Side(n, dont_know, None, None, None), None
    side = Side(
        n=n,
        dont_know=dont_know,
        mean=stats.mean(stats.LEVELS, levels),
        sd=stats.sd(stats.LEVELS, levels),
        counts=tuple(int(c) for c in levels),
    )
    return side, exact.mean(levels)


def packed(codes: Codes, layout: ConditionLayout) -> Hist:
    """Per respondent, (count, total) of numeric answers on the layout's columns, packed as in
    tally.py: count × (5m + 1) + total."""
    block = codes[:, list(layout.columns)].astype(np.int64)
    numeric = (block >= 1) & (block <= 5)
    total = np.where(numeric, block, 0).sum(axis=1)
    result: Hist = numeric.sum(axis=1) * layout.base + total
    return result


def score_hist(codes: Codes, layout: ConditionLayout) -> Hist:
    return np.bincount(packed(codes, layout), minlength=layout.bins).astype(np.int64)


def score_side(
    hist: Hist, layout: ConditionLayout, threshold: int
) -> tuple[ScoreSide, Fraction | None]:
    """One side's condition scores (the 60% rule over the layout's columns) and their exact
    mean, hidden below `threshold`."""
    score = condition_scores(hist[np.newaxis], layout)[0]
    if score.n < threshold:
        return ScoreSide(score.n, None, None), None
    return ScoreSide(score.n, score.mean, score.sd), exact.condition_mean(hist, layout)


# --- the two sides compared --------------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    """Own − partners on one figure: the exact difference (None unless both are shown), the
    Welch test and the verdict."""

    difference: Fraction | None
    change: Change
    verdict: Verdict | None

    @property
    def larger_than_chance(self) -> bool | None:
        return self.change.significant if self.change.judged else None


def summary(side: Side | ScoreSide) -> Summary:
    return Summary(side.n, side.mean, side.sd)


def compare_sides(
    own: tuple[Side | ScoreSide, Fraction | None],
    partners: tuple[Side | ScoreSide, Fraction | None],
) -> Comparison:
    """The partners are "then" and the organisation "now", so Welch's change is own − partners."""
    change = compare(summary(partners[0]), summary(own[0]))
    if own[1] is None or partners[1] is None:
        return Comparison(None, change, None)
    difference = own[1] - partners[1]
    return Comparison(difference, change, verdict(difference, change))


def verdict(difference: Fraction, change: Change) -> Verdict | None:
    """A blind spot or hidden strength needs a difference of at least 0.5, decided exactly (for
    aspects 2·(S₁·n₂ − S₂·n₁) ≥ n₁·n₂), that is larger than chance."""
    if not change.judged:
        return None
    if change.significant and difference >= HALF:
        return "blind_spot"
    if change.significant and difference <= -HALF:
        return "hidden_strength"
    return "same"
