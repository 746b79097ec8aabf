"""Finishing: the review of what is still unanswered, the submit, and the thanks page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain
from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import Response
from partnerscan.assessments.respond.answering import answered_levels, progress_of
from partnerscan.assessments.respond.visit import LEVEL_FIELDS, Visit, respondent, respondent_page
from partnerscan.core.errors import DomainError


def _missing(visit: Visit, response: Response | None) -> list[dict[str, Any]]:
    """The aspects with an unanswered question, in questionnaire order, with their links."""
    which_text = {"current": _("where we are now"), "ambition": _("where we want to be")}
    missing: dict[str, list[str]] = {}
    unanswered = (
        domain.unanswered(response)
        if response is not None
        else [(a.id, which) for a in visit.model.aspects for which in LEVEL_FIELDS]
    )
    for aspect_id, which in unanswered:
        missing.setdefault(aspect_id, []).append(which_text[which])
    model, lang = visit.model, visit.lang
    return [
        {
            "name": model.aspect(aspect_id).name.get(lang),
            "which": which,
            "url": f"{visit.url('condition', model.condition_of(aspect_id).id)}#a-{aspect_id}",
        }
        for aspect_id, which in missing.items()
    ]


@respondent
def review(request: RespondentRequest, visit: Visit) -> HttpResponse:
    response = visit.response
    if response is not None:
        domain.set_position(response, "review")
    page = {
        "missing": _missing(visit, response),
        "progress": progress_of(visit, "review", answered_levels(response) if response else 0),
        "submitted": response is not None and response.submitted,
        "read_only": visit.read_only,
        "prev_url": visit.url_of(visit.neighbour("review", "prev")),
    }
    return respondent_page(request, visit, "respond/review.html", page, position="review")


@require_POST
@respondent
def submit(request: RespondentRequest, visit: Visit) -> HttpResponse:
    """Idempotent (domain.submit_response): a double click or a replay lands on thanks too."""
    if visit.response is None:  # nothing was answered, so there is nothing to submit
        return redirect(visit.url("review"))
    try:
        domain.submit_response(visit.started(), visit.invitation)
    except DomainError:  # closed between the check above and the submit
        return respondent_page(request, visit, "respond/closed.html", status=410)
    return redirect(visit.url("thanks"))


@respondent
def thanks(request: RespondentRequest, visit: Visit) -> HttpResponse:
    if visit.response is None or not visit.response.submitted:
        return redirect(visit.url("review"))
    domain.set_position(visit.response, "thanks")
    context = {"can_amend": visit.assessment.allow_amend, "first_url": visit.url("context")}
    return respondent_page(request, visit, "respond/thanks.html", context, position="thanks")
