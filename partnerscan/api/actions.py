"""The action plan's writes and one action: /api/v1/assessments/{id}/plan/ (POST adds one) and
/api/v1/actions/{id}/ (read, change). The plan's workflows check each field (plans/domain.py)
and record every change in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router
from ninja.responses import Status

from partnerscan.api import assessments, schemas
from partnerscan.api.auth import acting, writing
from partnerscan.api.inputs import refused
from partnerscan.api.params import ERRORS, WRITE_ERRORS, Lang, ObjectId
from partnerscan.assessments.access import access_assessment
from partnerscan.core.pages import reader_lang
from partnerscan.plans import domain
from partnerscan.plans.access import access_action
from partnerscan.plans.models import Action
from partnerscan.plans.rows import action_rows

router = Router(tags=["action plans"])


def _row(action: Action, lang: str) -> dict[str, Any]:
    """The action as the plan page lists it."""
    rows = action_rows(action.assessment, None, lang)
    return next(assessments.action(row) for row in rows if row.id == action.pk)


@assessments.router.post(
    "{assessment_id}/plan/", response={201: schemas.Action, **WRITE_ERRORS}, tags=["action plans"]
)
def create_action(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.ActionIn, lang: Lang = None
) -> Status[Any]:
    """Add an action to the round's plan (editor and up): aspect, description and owner are
    needed; the status is "planned" unless given."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        fields = payload.model_dump(exclude_unset=True)
        try:
            action = domain.create_action(assessment, acting(request), **fields)
        except ValidationError as exc:
            raise refused(exc) from exc
    return Status(201, _row(action, lang or reader_lang(request)))


@router.get("{action_id}/", response={200: schemas.Action, **ERRORS})
def get_action(request: HttpRequest, action_id: ObjectId, lang: Lang = None) -> dict[str, Any]:
    action, _membership = access_action(request, action_id)
    return _row(action, lang or reader_lang(request))


@router.patch("{action_id}/", response={200: schemas.Action, **WRITE_ERRORS})
def update_action(
    request: HttpRequest, action_id: ObjectId, payload: schemas.ActionIn, lang: Lang = None
) -> dict[str, Any]:
    """Change an action's status or other fields (editor and up); a field left out keeps its
    value."""
    action, _membership = access_action(request, action_id, "editor")
    with writing(request):
        try:
            changed = domain.update_action(
                action, acting(request), **payload.model_dump(exclude_unset=True)
            )
        except ValidationError as exc:
            raise refused(exc) from exc
    return _row(changed, lang or reader_lang(request))
