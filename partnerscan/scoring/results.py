"""Scoring results as frozen dataclasses; `to_dict()` gives plain JSON types (docs/method.md)."""

from __future__ import annotations

import functools
import hashlib
import types
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Self, Union, get_args, get_origin, get_type_hints

from partnerscan.scoring.pooling import Kind

Json = dict[str, Any]
# Field metadata: a number other parts of partnerscan use that is not in the results JSON.
INTERNAL = "internal"
# Bumped whenever a formula changes, so results stored by an earlier version are not read as
# this version's (assessments/results_store.py and partnerview/view_store.py key stored
# results with it).
METHOD_VERSION = 1


def plain(value: Any, internal: bool = False) -> Any:
    """Dataclasses to dicts, tuples to lists, recursively; field names are the JSON keys.
    Fields marked internal only with `internal` (the stored form, not the results JSON)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name), internal)
            for f in fields(value)
            if internal or not f.metadata.get(INTERNAL)
        }
    if isinstance(value, Mapping):
        return {str(key): plain(item, internal) for key, item in value.items()}
    if isinstance(value, tuple | list):
        return [plain(item, internal) for item in value]
    return value


def built(kind: Any, data: Any) -> Any:
    """The other way round: `data` from `plain(..., internal=True)` as a value of type `kind`."""
    origin, args = get_origin(kind), get_args(kind)
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        return built(next(arg for arg in args if arg is not type(None)), data)
    if origin is tuple:
        return tuple(built(args[0], item) for item in data)
    if origin is Mapping or origin is dict:
        return {key: built(args[1], item) for key, item in data.items()}
    if is_dataclass(kind) and isinstance(kind, type):
        return kind(**{name: built(hint, data[name]) for name, hint in _fields(kind)})
    if kind is float and isinstance(data, int):
        return float(data)
    return data


@functools.cache
def _fields(kind: type) -> tuple[tuple[str, Any], ...]:
    """A dataclass's field names with their types (resolving them each time costs more than
    building the objects)."""
    hints = get_type_hints(kind)
    return tuple((f.name, hints[f.name]) for f in fields(kind))


def _classes(kind: Any) -> list[type]:
    """The dataclasses `kind` is or holds (through unions, tuples and mappings)."""
    if is_dataclass(kind) and isinstance(kind, type):
        return [kind]
    return [found for arg in get_args(kind) for found in _classes(arg)]


@functools.cache
def stored_shape(root: type | None = None) -> str:
    """A digest of the stored form's shape (`shape()`) of `Results`, or of another class of
    results stored the same way (the partner view). Part of the stored results' key, so stored
    results whose fields differ from this code's are computed again rather than read."""
    return hashlib.sha256(repr(sorted(shape(root).items())).encode()).hexdigest()


def shape(root: type | None = None) -> dict[str, list[tuple[str, str]]]:
    """Every class `root` (default `Results`) holds, by name, with its fields and their types."""
    seen: dict[str, list[tuple[str, str]]] = {}
    todo: list[type] = [root or Results]
    while todo:
        kind = todo.pop()
        if kind.__name__ in seen:
            continue
        seen[kind.__name__] = [(name, repr(hint)) for name, hint in _fields(kind)]
        todo += [found for _name, hint in _fields(kind) for found in _classes(hint)]
    return seen


class _Plain:
    def to_dict(self) -> Json:
        result: Json = plain(self)
        return result

    def to_stored(self) -> Json:
        """Every field, internal ones too: what `from_stored` reads back as an equal object."""
        result: Json = plain(self, internal=True)
        return result

    @classmethod
    def from_stored(cls, data: Json) -> Self:
        result: Self = built(cls, data)
        return result


@dataclass(frozen=True)
class ModelRef(_Plain):
    id: str
    version: str


@dataclass(frozen=True)
class Mean(_Plain):
    mean: float | None


@dataclass(frozen=True)
class Distribution(_Plain):
    n: int
    dont_know: int
    mean: float | None
    median: float | None
    sd: float | None
    counts: tuple[int, ...] | None  # of levels 1..5; null below 3 numeric answers


@dataclass(frozen=True)
class Gap(_Plain):
    n: int
    mean: float | None
    median: float | None


@dataclass(frozen=True)
class Agreement(_Plain):
    ad_m: float | None
    rwg: float | None
    views_differ: bool


@dataclass(frozen=True)
class AspectResult(_Plain):
    id: str
    code: str
    condition: str
    current: Distribution
    ambition: Distribution
    gap: Gap
    agreement: Agreement
    insufficient_view: bool
    weight: float
    priority: float | None


@dataclass(frozen=True)
class Score(_Plain):
    n: int
    mean: float | None
    # Sample sd of the respondents' condition scores (None below 2), for the trend test; kept
    # out of the results JSON so the documented format stays as it is.
    sd: float | None = field(default=None, metadata={INTERNAL: True})


@dataclass(frozen=True)
class ConditionResult(_Plain):
    id: str
    current: Score
    ambition: Score
    level: int | None
    alpha: float | None
    alpha_n: int


@dataclass(frozen=True)
class Overall(_Plain):
    current: Mean
    ambition: Mean
    level: int | None
    weakest_condition: str | None


@dataclass(frozen=True)
class Lead(_Plain):
    aspect: str
    priority: float
    level: int
    next_step: str


@dataclass(frozen=True)
class GroupCondition(_Plain):
    """A group's condition means; n is 0 and mean null where the group is not shown for this
    figure (its answers are then in "other")."""

    id: str
    current: Score
    ambition: Score


@dataclass(frozen=True)
class GroupAspect(_Plain):
    id: str
    current: Score


@dataclass(frozen=True)
class BreakdownGroup(_Plain):
    group: str | None
    kind: Kind
    n: int  # the most respondents any shown figure of this group rests on
    conditions: tuple[GroupCondition, ...]
    aspects: tuple[GroupAspect, ...]


@dataclass(frozen=True)
class Breakdown(_Plain):
    suppressed: bool
    groups: tuple[BreakdownGroup, ...]


@dataclass(frozen=True)
class Breakdowns(_Plain):
    role: Breakdown
    department: Breakdown
    group: Breakdown


@dataclass(frozen=True)
class Results(_Plain):
    model: ModelRef
    respondents: int
    min_group: int
    lang: str
    challenge_shares: Mapping[str, float]
    overall: Overall
    conditions: tuple[ConditionResult, ...]
    aspects: tuple[AspectResult, ...]
    leads: tuple[Lead, ...]
    breakdowns: Breakdowns
