"""The rows a report is made of: conditions, aspects, leads, breakdowns and comments."""

from __future__ import annotations

from dataclasses import dataclass

from partnerscan.scoring.results import AspectResult


@dataclass(frozen=True)
class ConditionRow:
    id: str
    name: str
    n: int  # respondents with a score on the condition (now)
    current: float | None
    ambition: float | None
    level: int | None
    level_name: str
    alpha: float | None
    alpha_n: int


@dataclass(frozen=True)
class AspectRow:
    position: int  # in model order, from 1
    name: str
    condition: str
    result: AspectResult


@dataclass(frozen=True)
class LeadRow:
    aspect: str
    condition: str
    level: int
    level_name: str
    next_step: str
    priority: float
    weight: float
    aspect_id: str = ""  # for the "plan an action for this lead" link
    # With a partner view: what a blind spot added to the priority, and whether that made
    # the aspect a lead at all (docs/method.md, "Partner view").
    partner_addition: float | None = None
    by_partners: bool = False


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int
    conditions: tuple[float | None, ...]  # current means, in model order
    flagged: tuple[float | None, ...]  # current means of the aspects where views differ


@dataclass(frozen=True)
class HeatRow:
    """One aspect across the shown groups of a breakdown: the engine's means, None where the
    engine suppressed the figure for that group (its answers are then in "other")."""

    aspect: str
    condition: str
    cells: tuple[float | None, ...]  # in the order of BreakdownView.heat_groups


@dataclass(frozen=True)
class BreakdownView:
    grouping: str
    title: str
    suppressed: bool
    groups: tuple[GroupRow, ...]
    # The heat map of aspects × groups: only the groups with at least one shown aspect figure.
    heat_groups: tuple[str, ...] = ()
    heat: tuple[HeatRow, ...] = ()


@dataclass(frozen=True)
class Comments:
    aspect: str
    shown: tuple[str, ...]
    more: int
