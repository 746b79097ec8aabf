"""A small health check for the scoring tests: dimensions of 2, 3 and 3 statements."""

from __future__ import annotations

from typing import Any

from partnerscan.capability.health import HealthModel, Side
from partnerscan.scoring.health import HealthRespondent
from partnerscan.scoring.records import Value

DIMENSIONS = {"two": ("a1", "a2"), "three": ("b1", "b2", "b3"), "rest": ("c1", "c2", "c3")}
STATEMENTS = tuple(s for statements in DIMENSIONS.values() for s in statements)


def _text(words: str) -> dict[str, str]:
    return {"nl": words, "en": words}


def _statement(statement: str) -> dict[str, Any]:
    return {"id": statement, "code": statement.upper(), "text": _text(f"Statement {statement}")}


def build_model() -> HealthModel:
    return HealthModel.model_validate(
        {
            "kind": "health",
            "id": "test-health",
            "version": "1.0",
            "name": _text("Test"),
            "description": _text("A test health check"),
            "scale": [
                {"point": p, "label": _text(str(p)), "description": _text(f"point {p}")}
                for p in range(1, 6)
            ],
            "dimensions": [
                {
                    "id": dimension,
                    "code": dimension.upper(),
                    "name": _text(dimension),
                    "description": _text(dimension),
                    "statements": [_statement(s) for s in statements],
                }
                for dimension, statements in DIMENSIONS.items()
            ],
        }
    )


MODEL = build_model()


def person(
    side: Side, *answers: Value, comments: dict[str, str | None] | None = None
) -> HealthRespondent:
    """A respondent with answers in statement order (a1 a2 | b1 b2 b3 | c1 c2 c3)."""
    return HealthRespondent(side, dict(zip(STATEMENTS, answers, strict=True)), comments or {})


def everyone(side: Side, count: int, value: Value) -> list[HealthRespondent]:
    """`count` respondents of `side` who give `value` to every statement."""
    return [person(side, *[value] * len(STATEMENTS)) for _ in range(count)]
