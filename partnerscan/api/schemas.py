"""What the API answers, as ninja schemas: the OpenAPI document describes every response with
these, errors included.

The results JSON is the scoring package's own dataclasses (docs/method.md), so the document
describes exactly what `results_json` gives and follows it when the format grows.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema

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
