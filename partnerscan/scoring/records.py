"""One respondent's answers as plain Python values, as the CSV parser and web import give them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

DK: Literal["dk"] = "dk"
Value = int | Literal["dk"] | None
"""An answer: a level 1..5, "dk" (don't know) or None (not answered)."""

# What a respondent may be grouped by in breakdowns and files, in this order everywhere.
GROUPINGS = ("role", "department", "group")


class AspectAnswer(NamedTuple):
    current: Value = None
    ambition: Value = None


@dataclass(frozen=True)
class RespondentRecord:
    """A respondent; an aspect missing from `answers` counts as not answered."""

    id: str
    role: str | None = None
    department: str | None = None
    group: str | None = None
    answers: Mapping[str, AspectAnswer] = field(default_factory=dict)
    comments: Mapping[str, str | None] = field(default_factory=dict)
