"""/api/v1/assessments/: the token's organisation's rounds, their results JSON and action plans.

Each reads through the same access helper and read functions as the pages: another
organisation's round is a 404, and the results are refused (409) wherever the dashboard's
export refuses them.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError

from partnerscan.accounts.access import access_organisation
from partnerscan.api import schemas
from partnerscan.api.auth import token_of
from partnerscan.api.params import ERRORS, Lang, ObjectId
from partnerscan.assessments import visible_results
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.pages import reader_lang
from partnerscan.plans.rows import ActionRow, action_rows
from partnerscan.reports.build import build_report, results_json

router = Router(tags=["assessments"])


def _summary(assessment: Assessment, counts: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "state": assessment.state,
        "model": {"id": assessment.model_id, "version": assessment.model_version},
        "languages": list(assessment.languages),
        "opens_on": assessment.opens_on,
        "closes_on": assessment.closes_on,
        "opened_at": assessment.opened_at,
        "closed_at": assessment.closed_at,
        "created": assessment.created,
        "previous": assessment.previous_id,
        "interim_results": assessment.interim_results,
        "counts": counts,
    }


@router.get("", response={200: list[schemas.Assessment], **ERRORS})
def list_assessments(request: HttpRequest) -> list[dict[str, Any]]:
    """The rounds of the token's organisation, newest first, each with its counts."""
    organisation = access_organisation(request, token_of(request).organisation_id)
    rounds = visible_results.with_counts(organisation.assessments.all())
    return [
        _summary(a, {"invited": a.invited, "submitted": a.submitted})  # type: ignore[attr-defined]
        for a in rounds
    ]


@router.get("{assessment_id}/", response={200: schemas.AssessmentDetail, **ERRORS})
def get_assessment(request: HttpRequest, assessment_id: ObjectId) -> dict[str, Any]:
    assessment, _membership = access_assessment(request, assessment_id)
    return detail(assessment)


def detail(assessment: Assessment) -> dict[str, Any]:
    """A round with its settings and all its counts (also what each write answers)."""
    counts: dict[str, Any] = visible_results.invitation_counts(assessment)
    counts.pop("addresses")
    counts["response_rate"] = visible_results.response_rate(counts)
    return _summary(assessment, counts) | {
        "goal": assessment.goal,
        "challenge_shares": assessment.shares or {},
        "min_group": assessment.min_group,
        "departments": list(assessment.departments),
    }


@router.get(
    "{assessment_id}/results/",
    response={200: schemas.Results, 409: schemas.Error, **ERRORS},
)
def get_results(request: HttpRequest, assessment_id: ObjectId, lang: Lang = None) -> HttpResponse:
    """The results JSON of docs/method.md, exactly as the dashboard's export gives it."""
    assessment, _membership = access_assessment(request, assessment_id)
    data = results_json(build_report(assessment, lang or reader_lang(request)))
    if data is None:
        raise HttpError(409, refusal(assessment))
    api_token = token_of(request)
    record(
        Event.EXPORTED,
        user=request.user,
        assessment=assessment,
        detail=f"results.json through API token {api_token.pk}",
        code="api_exported",
        params={"kind": "results", "format": "json", "token": api_token.pk},
    )
    # Returned as it is, so its bytes are the export's; the schema above documents it.
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def refusal(assessment: Assessment, kind: str = "results") -> str:
    """Why a round's results (or its rows of responses) cannot be had."""
    if kind == "responses" and not assessment.is_closed:
        return _("The responses can be downloaded once the assessment is closed.")
    if assessment.is_open:
        return _(
            "The assessment is open: its results can be read once it is closed, or earlier as "
            "interim results if an owner turns them on and enough respondents have answered."
        )
    return _(
        "No results below 3 respondents: with fewer, answers could be traced back to a person."
    )


@router.get("{assessment_id}/plan/", response={200: list[schemas.Action], **ERRORS})
def get_plan(request: HttpRequest, assessment_id: ObjectId, lang: Lang = None) -> list[Any]:
    """The action plan's actions, in model order, as the plan page lists them."""
    assessment, _membership = access_assessment(request, assessment_id)
    return [action(row) for row in action_rows(assessment, None, lang or reader_lang(request))]


def action(row: ActionRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "aspect": row.aspect_id,
        "aspect_name": row.aspect,
        "condition_name": row.condition,
        "description": row.description,
        "owner": row.owner,
        "due_on": row.due_on,
        "status": row.status,
        "status_label": row.status_label,
        "target_level": row.target_level,
        "target_level_name": row.target_level_name,
    }
