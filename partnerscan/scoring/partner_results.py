"""The partner view's numbers as frozen dataclasses; `to_dict()` gives plain JSON types with the
keys docs/method.md documents (Results JSON, `partner_view`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from partnerscan.scoring.pooling import Kind
from partnerscan.scoring.results import _Plain
from partnerscan.scoring.trend import Direction

Verdict = Literal["blind_spot", "hidden_strength", "same"]


@dataclass(frozen=True)
class Side(_Plain):
    """One side's current answers on one aspect; all but n and dont_know null below the side's
    threshold (3 for the organisation itself, k for the partners)."""

    n: int
    dont_know: int
    mean: float | None
    sd: float | None
    counts: tuple[int, ...] | None  # of levels 1..5


@dataclass(frozen=True)
class ScoreSide(_Plain):
    """One side's condition scores over the condition's partner aspects; mean and sd null below
    the side's threshold."""

    n: int
    mean: float | None
    sd: float | None


@dataclass(frozen=True)
class PartnerAspect(_Plain):
    id: str
    condition: str
    own: Side
    partners: Side
    difference: float | None  # own mean − partners' mean; null unless both sides are shown
    low: float | None  # the difference's 95% confidence interval (Welch)
    high: float | None
    p: float | None
    larger_than_chance: bool | None  # null when not judged
    verdict: Verdict | None


@dataclass(frozen=True)
class PartnerCondition(_Plain):
    id: str
    own: ScoreSide
    partners: ScoreSide
    difference: float | None
    low: float | None
    high: float | None
    p: float | None
    larger_than_chance: bool | None
    verdict: Verdict | None


@dataclass(frozen=True)
class PartnerFigure(_Plain):
    """A group's mean on one aspect or condition; n 0 and mean null where the group is not
    shown for this figure (its answers are then in "other")."""

    id: str
    n: int
    mean: float | None


@dataclass(frozen=True)
class PartnerGroup(_Plain):
    group: str | None
    kind: Kind
    n: int  # the most partners any shown figure of this group rests on
    aspects: tuple[PartnerFigure, ...]
    conditions: tuple[PartnerFigure, ...]


@dataclass(frozen=True)
class PartnerBreakdown(_Plain):
    suppressed: bool
    groups: tuple[PartnerGroup, ...]


@dataclass(frozen=True)
class PartnerLead(_Plain):
    aspect: str
    priority: float
    level: int
    next_step: str
    partner_addition: float | None  # difference × weight, for a blind spot
    by_partners: bool  # a lead only because of the addition


@dataclass(frozen=True)
class PartnerView(_Plain):
    min_group: int
    respondents: int  # partners with at least one numeric answer on a partner aspect
    organisations: int  # distinct partner organisations among them
    aspects: tuple[PartnerAspect, ...]
    conditions: tuple[PartnerCondition, ...]
    blind_spots: tuple[str, ...]
    hidden_strengths: tuple[str, ...]
    by_organisation: PartnerBreakdown
    by_kind: PartnerBreakdown
    leads: tuple[PartnerLead, ...]


@dataclass(frozen=True)
class PartnerChange(_Plain):
    """The partners' mean on one figure in two views, and whether it moved by more than chance."""

    id: str
    kind: Literal["aspect", "condition"]
    then_mean: float
    now_mean: float
    change: float
    low: float | None
    high: float | None
    p: float | None
    larger_than_chance: bool | None
    direction: Direction | None
