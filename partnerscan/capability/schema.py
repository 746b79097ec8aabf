"""The capability model as data: a pydantic schema for the versioned YAML files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

CHALLENGE_TYPES = ("chain", "regional", "innovation")

ChallengeTypeId = Literal["chain", "regional", "innovation"]
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=64)]
SpssCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,31}$")]
Version = Annotated[str, StringConstraints(pattern=r"^\d+\.\d+(\.\d+)?$")]
Weight = Annotated[int, Field(ge=1, le=3, strict=True)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in both languages; Dutch is the primary one."""

    nl: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.nl


FiveTexts = Annotated[list[Text], Field(min_length=5, max_length=5)]


class Level(Strict):
    level: Annotated[int, Field(ge=1, le=5)]
    name: Text
    description: Text


class ChallengeType(Strict):
    id: ChallengeTypeId
    name: Text
    description: Text


class ContextOption(Strict):
    id: Slug
    label: Text


class ContextQuestion(Strict):
    id: Slug
    scope: Literal["respondent", "assessment"]
    kind: Literal["choice", "department", "text", "shares"]
    question: Text
    help: Text | None = None
    options: list[ContextOption] = []


class Weights(Strict):
    chain: Weight
    regional: Weight
    innovation: Weight

    def get(self, challenge_type: str) -> int:
        return int(getattr(self, challenge_type))


PLACEHOLDER = "{organisation}"


class PartnerWording(Strict):
    """How a partner organisation is asked about an aspect it can observe from outside: a
    question (which may name the organisation as `{organisation}`) and five anchored levels
    written from the partner's side."""

    question: Text
    anchors: FiveTexts

    @field_validator("question")
    @classmethod
    def only_known_placeholders(cls, question: Text) -> Text:
        for text in (question.nl, question.en):
            rest = text.replace(PLACEHOLDER, "")
            if "{" in rest or "}" in rest:
                raise ValueError("the question may only use the placeholder {organisation}")
        return question


INTERNAL = "internal"


class Aspect(Strict):
    id: Slug
    code: SpssCode
    name: Text
    definition: Text
    anchors: FiveTexts
    next_steps: FiveTexts
    weights: Weights
    # Partner wording (a partner can observe this aspect), "internal" (only colleagues can
    # judge it), or absent in a model without a partner view.
    partner: PartnerWording | Literal["internal"] | None = None

    @property
    def partner_wording(self) -> PartnerWording | None:
        return self.partner if isinstance(self.partner, PartnerWording) else None


class Condition(Strict):
    id: Slug
    code: SpssCode
    name: Text
    description: Text
    level_descriptions: FiveTexts
    aspects: Annotated[list[Aspect], Field(min_length=1)]


class Continues(Strict):
    """This version continues an earlier version of the same model: its listed aspects measure
    what the old ones measured, so a follow-up round can show their trend. An aspect that is
    not listed is new and has no trend."""

    version: Version
    aspects: dict[Slug, Slug]  # new aspect id -> old aspect id


class CapabilityModel(Strict):
    id: Slug
    version: Version
    name: Text
    description: Text
    levels: Annotated[list[Level], Field(min_length=5, max_length=5)]
    challenge_types: Annotated[list[ChallengeType], Field(min_length=1)]
    context: list[ContextQuestion]
    conditions: Annotated[list[Condition], Field(min_length=1)]
    continues: Continues | None = None

    @model_validator(mode="after")
    def partner_view_whole(self) -> CapabilityModel:
        """A model has a partner view for every aspect (wording or `internal`) or for none,
        and then for at least one aspect a partner can observe."""
        marked = [aspect.partner is not None for aspect in self.aspects]
        if any(marked) and not all(marked):
            missing = [aspect.id for aspect in self.aspects if aspect.partner is None]
            raise ValueError(
                "every aspect needs 'partner' (wording or internal) once one has it; missing: "
                + ", ".join(missing)
            )
        if any(marked) and not self.partner_aspects:
            raise ValueError("a partner view needs at least one aspect a partner can observe")
        return self

    @property
    def has_partner_view(self) -> bool:
        return bool(self.partner_aspects)

    @property
    def partner_aspects(self) -> list[Aspect]:
        """The aspects partners are asked about, in model order."""
        return [aspect for aspect in self.aspects if aspect.partner_wording is not None]

    @field_validator("levels")
    @classmethod
    def levels_in_order(cls, levels: list[Level]) -> list[Level]:
        if [lv.level for lv in levels] != [1, 2, 3, 4, 5]:
            raise ValueError("levels must be numbered 1, 2, 3, 4, 5 in that order")
        return levels

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def aspects(self) -> list[Aspect]:
        return [aspect for condition in self.conditions for aspect in condition.aspects]

    def condition_of(self, aspect_id: str) -> Condition:
        for condition in self.conditions:
            if any(aspect.id == aspect_id for aspect in condition.aspects):
                return condition
        raise KeyError(aspect_id)

    def aspect(self, aspect_id: str) -> Aspect:
        for aspect in self.aspects:
            if aspect.id == aspect_id:
                return aspect
        raise KeyError(aspect_id)

    def level_name(self, level: int, lang: str) -> str:
        return self.levels[level - 1].name.get(lang)
