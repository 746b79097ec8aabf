"""What the API answers, as ninja schemas: the OpenAPI document describes every response with
these, errors included.

The results JSON is the scoring package's own dataclasses (docs/method.md), so the document
describes exactly what `results_json` gives and follows it when the format grows.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from partnerscan.scoring.partner_results import PartnerView
from partnerscan.scoring.results import (
    AspectResult,
    Breakdowns,
    ConditionResult,
    Lead,
    ModelRef,
    Overall,
)


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class InvalidInput(Schema):
    """A 422: `detail` names each field and what is wrong with it; `errors` says it per field."""

    detail: str
    errors: list[FieldError]


class Organisation(Schema):
    id: int
    name: str
    sector: str
    size: str
    departments: list[str]


class Member(Schema):
    email: str
    name: str
    role: Literal["owner", "editor", "viewer"]


class Counts(Schema):
    """Invited by e-mail or personal link, and how many of them submitted."""

    invited: int
    submitted: int


class AllCounts(Counts):
    """Also who started, who came through the open link, and the responses imported."""

    started: int
    visits: int
    visits_started: int
    visits_submitted: int
    imported: int
    response_rate: float | None


class Assessment(Schema):
    id: int
    title: str
    state: Literal["draft", "open", "closed"]
    model: ModelRef
    languages: list[str]
    opens_on: dt.date | None
    closes_on: dt.date | None
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    created: dt.datetime
    previous: int | None
    interim_results: bool
    counts: Counts


class AssessmentDetail(Assessment):
    goal: str
    challenge_shares: dict[str, float]
    min_group: int
    departments: list[str]
    counts: AllCounts


class Action(Schema):
    id: int
    aspect: str
    aspect_name: str
    condition_name: str
    description: str
    owner: str
    due_on: dt.date | None
    status: Literal["planned", "in_progress", "done", "dropped"]
    status_label: str
    target_level: int | None
    target_level_name: str


class Results(Schema):
    """The results JSON of docs/method.md, as the dashboard's export gives it."""

    model: ModelRef
    respondents: int
    min_group: int
    lang: str
    challenge_shares: dict[str, float]
    overall: Overall
    conditions: list[ConditionResult]
    aspects: list[AspectResult]
    leads: list[Lead]
    breakdowns: Breakdowns
    partner_view: PartnerView | None


# --- what the writes take and give -----------------------------------------------------------


ChallengeType = Literal["chain", "regional", "innovation"]
Share = Annotated[float, Field(ge=0, le=1)]


class RoundSettings(Schema):
    """A round's settings as the settings page has them; a field left out keeps its value (on
    creation: the page's default)."""

    title: str | None = Field(None, max_length=200)
    goal: str | None = None
    challenge_shares: dict[ChallengeType, Share] | None = Field(
        None,
        description="Fractions of 1 for chain, regional and innovation adding up to 1, or {} "
        "to weigh every aspect the same.",
    )
    languages: list[Literal["nl", "en"]] | None = None
    min_group: int | None = Field(None, description="The smallest group shown (k), at least 3.")
    departments: list[str] | None = None
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    allow_amend: bool | None = None
    retention_days: int | None = None
    in_pool: bool | None = Field(None, description="Owners only.")


class NewRound(RoundSettings):
    title: str = Field(..., max_length=200)
    model: str | None = Field(
        None,
        description="The capability model as id@version (see the model list); by default the "
        "newest.",
    )


class CloseRound(Schema):
    delete_invitations: bool = Field(
        False, description="Also delete all e-mail addresses and links now."
    )


class FollowUp(Schema):
    title: str | None = Field(None, max_length=200)
    opens_on: dt.date | None = None
    closes_on: dt.date | None = None
    model: str | None = Field(
        None, description="This round's model version or a later one that continues it."
    )


class InvitationIn(Schema):
    email: str = Field(..., max_length=254)
    role: str = ""
    department: str = ""
    group: str = Field("", description="internal or external, or empty")
    language: Literal["nl", "en", ""] = ""


class NewInvitations(Schema):
    language: Literal["nl", "en"] | None = Field(
        None, description="For rows without one; by default the round's first language."
    )
    invitations: list[InvitationIn] = Field(..., max_length=10_000)


class InvitationsAdded(Schema):
    added: int
    skipped: int = Field(..., description="Already invited, or a repeat in this request.")


class NewLinks(Schema):
    count: int = Field(..., description="1 to 1,000.")
    language: Literal["nl", "en"] | None = None


class Links(Schema):
    links: list[str] = Field(..., description="Shown once: partnerscan keeps only their hashes.")


class OpenLinkIn(Schema):
    on: bool
    cap: int | None = Field(None, description="The most respondents through it (1 to 100,000).")
    access_code: str = Field("", max_length=100)


class OpenLink(Schema):
    on: bool
    url: str | None = Field(None, description="Shown once, when switched on.")
    cap: int | None
    needs_access_code: bool


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("Null characters are not allowed.")
    return text


# Free text stored as it is: no null character (a database refuses it), and no longer than
# its column.
Plain = AfterValidator(_no_nul)
AspectId = Annotated[str, Plain, StringConstraints(max_length=64)]
Owner = Annotated[str, Plain, StringConstraints(max_length=150)]
Description = Annotated[str, Plain, StringConstraints(max_length=10_000)]


class ActionIn(Schema):
    aspect: AspectId | None = None
    description: Description | None = None
    owner: Owner | None = None
    due_on: dt.date | None = None
    status: Literal["planned", "in_progress", "done", "dropped"] | None = None
    target_level: int | None = None


class PartnerOrganisation(Schema):
    id: int
    name: str
    kind: str
    partnerships: int


class Partnership(Schema):
    id: int
    name: str
    partners: list[int]
    challenge_type: str
    goal: str
    goal_date: dt.date | None
    owner: str
    departments: list[str]
    phase: str
    importance: int
    started_on: dt.date | None
    review_on: dt.date | None


class PartnerRoundCounts(Schema):
    invited: int
    started: int
    submitted: int


class InvitedPerOrganisation(Schema):
    organisation: str
    invited: int


class PartnerRound(Schema):
    """As the partner page shows it: totals, and per organisation only how many were invited."""

    state: Literal["open", "closed"]
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    closes_at: dt.datetime | None
    min_group: int
    counts: PartnerRoundCounts
    invited_per_organisation: list[InvitedPerOrganisation]
