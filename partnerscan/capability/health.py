"""The health check of one partnership as data: a pydantic schema for its versioned YAML files.

Both sides of a partnership answer the same statements on a five-point agreement scale, or
"don't know". A statement about one side can carry a `partner_text`: the same question worded
for a respondent of the partner organisation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from partnerscan.capability.schema import Slug, SpssCode, Strict, Text, Version

MIN_STATEMENTS, MAX_STATEMENTS = 8, 12
Side = Literal["own", "partner"]


class ScalePoint(Strict):
    point: Annotated[int, Field(ge=1, le=5)]
    label: Text
    description: Text


class Statement(Strict):
    id: Slug
    code: SpssCode
    text: Text
    partner_text: Text | None = None

    def wording(self, side: Side) -> Text:
        """The text a respondent of that side reads."""
        if side == "partner" and self.partner_text is not None:
            return self.partner_text
        return self.text


class Dimension(Strict):
    id: Slug
    code: SpssCode
    name: Text
    description: Text
    statements: Annotated[list[Statement], Field(min_length=1)]


class HealthModel(Strict):
    kind: Literal["health"]
    id: Slug
    version: Version
    name: Text
    description: Text
    scale: Annotated[list[ScalePoint], Field(min_length=5, max_length=5)]
    dimensions: Annotated[list[Dimension], Field(min_length=1)]

    @field_validator("scale")
    @classmethod
    def scale_in_order(cls, scale: list[ScalePoint]) -> list[ScalePoint]:
        if [sp.point for sp in scale] != [1, 2, 3, 4, 5]:
            raise ValueError("scale points must be numbered 1, 2, 3, 4, 5 in that order")
        return scale

    @field_validator("dimensions")
    @classmethod
    def statements_in_all(cls, dimensions: list[Dimension]) -> list[Dimension]:
        count = sum(len(d.statements) for d in dimensions)
        if not MIN_STATEMENTS <= count <= MAX_STATEMENTS:
            raise ValueError(
                f"a health check has {MIN_STATEMENTS} to {MAX_STATEMENTS} statements "
                f"in all, this one has {count}"
            )
        return dimensions

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def statements(self) -> list[Statement]:
        return [s for dimension in self.dimensions for s in dimension.statements]
