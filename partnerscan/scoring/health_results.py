"""The numbers of a partnership health check as frozen dataclasses; `to_dict()` gives plain
JSON types with the keys docs/method.md documents ("Health check JSON")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from partnerscan.capability.health import Side
from partnerscan.scoring.options import MIN_RESPONDENTS
from partnerscan.scoring.results import Json, ModelRef, plain
from partnerscan.scoring.trend import Direction


class _Plain:
    def to_dict(self) -> Json:
        result: Json = plain(self)
        return result


@dataclass(frozen=True)
class SideFigure(_Plain):
    """One side's figure; only ever built when both sides reach the threshold."""

    n: int
    mean: float


@dataclass(frozen=True)
class StatementAll(_Plain):
    n: int
    dont_know: int
    mean: float | None
    sd: float | None
    counts: tuple[int, ...] | None  # of answers 1..5; like mean and sd, null below 3 answers


@dataclass(frozen=True)
class DimensionAll(_Plain):
    n: int  # respondents with a dimension score
    mean: float | None
    sd: float | None


@dataclass(frozen=True)
class StatementResult(_Plain):
    id: str
    code: str
    dimension: str
    all: StatementAll
    own: SideFigure | None
    partner: SideFigure | None
    difference: float | None  # partner − own


@dataclass(frozen=True)
class DimensionResult(_Plain):
    id: str
    code: str
    all: DimensionAll
    own: SideFigure | None
    partner: SideFigure | None
    difference: float | None  # partner − own


@dataclass(frozen=True)
class HealthOverall(_Plain):
    mean: float | None
    own: float | None
    partner: float | None
    difference: float | None  # partner − own


@dataclass(frozen=True)
class HealthResults(_Plain):
    model: ModelRef
    respondents: int
    side_respondents: Mapping[Side, int]
    overall: HealthOverall
    dimensions: tuple[DimensionResult, ...]
    statements: tuple[StatementResult, ...]

    @property
    def sides_shown(self) -> bool:
        """Whether each side has enough respondents for comments to say which side wrote them."""
        return min(self.side_respondents.values()) >= MIN_RESPONDENTS


@dataclass(frozen=True)
class HealthComment(_Plain):
    text: str
    side: Side | None  # None unless both sides have at least 3 respondents


@dataclass(frozen=True)
class DimensionComments(_Plain):
    dimension: str
    comments: tuple[HealthComment, ...]


@dataclass(frozen=True)
class DimensionChange(_Plain):
    """From an earlier health check of the same partnership to a later one."""

    id: str
    earlier: float | None
    now: float | None
    change: float | None  # now − earlier; null where either is null
    direction: Direction | None  # Welch's test as in the scan's trend; null when not judged
