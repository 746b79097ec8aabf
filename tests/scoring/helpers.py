"""Shared helpers for the scoring tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from partnerscan.scoring.records import AspectAnswer, RespondentRecord, Value

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "mini-1.0.yaml"
MINI_ASPECTS = ("goals", "themes", "selection", "leadership", "learning")


def rounded(value: Any, digits: int = 9) -> Any:
    """Floats rounded throughout a JSON-like structure, so whole results compare with ==."""
    if isinstance(value, float):
        return round(value, digits)
    if isinstance(value, dict):
        return {key: rounded(item, digits) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [rounded(item, digits) for item in value]
    return value


def respondent(
    rid: str,
    answers: Sequence[tuple[Value, Value]],
    role: str | None = None,
    department: str | None = None,
    group: str | None = None,
) -> RespondentRecord:
    """A respondent of the mini model, answers in model order."""
    pairs = {a: AspectAnswer(*pair) for a, pair in zip(MINI_ASPECTS, answers, strict=True)}
    return RespondentRecord(rid, role, department, group, pairs)
