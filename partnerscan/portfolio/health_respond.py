"""The respondent pages of a health check (mounted at /h/): welcome, the statements on one page
with an autosave per answer, the review with the submit, and the thanks page.

Without JavaScript the statements page posts as a whole; with it, every answer and comment is
saved the moment it is given (htmx), so an answer is never lost.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import as_value
from partnerscan.assessments.respond import one_page
from partnerscan.assessments.respond.token_pages import Option, status_fragment
from partnerscan.core.errors import DomainError
from partnerscan.portfolio import health_responding as responding
from partnerscan.portfolio.health_visit import HealthVisit, health_page, health_respondent
from partnerscan.portfolio.models import HealthResponse
from partnerscan.scoring.records import DK


def _stored(response: HealthResponse | None) -> tuple[dict[str, str], dict[str, str]]:
    """The answers as the form's values ('1'..'5', 'dk') and the comments, by id."""
    if response is None:
        return {}, {}
    answers = {
        statement: str(as_value(value))
        for statement, value in response.answers.values_list("statement", "value")
        if value is not None
    }
    return answers, dict(response.comments.values_list("dimension", "text"))


def _progress(visit: HealthVisit, answered: int) -> dict[str, int]:
    return {"answered": answered, "questions": len(visit.model.statements)}


def _options(visit: HealthVisit, chosen: str) -> Iterator[Option]:
    for point in visit.model.scale:
        value = str(point.point)
        yield Option(
            value, f"{point.point} · {point.label.get(visit.lang)}", checked=chosen == value
        )
    yield Option(DK, _("Don't know"), checked=chosen == DK)


def _dimensions(
    visit: HealthVisit, answers: Mapping[str, str], comments: Mapping[str, str]
) -> list[dict[str, Any]]:
    lang = visit.lang
    return [
        {
            "id": dimension.id,
            "name": dimension.name.get(lang),
            "description": dimension.description.get(lang),
            "comment": comments.get(dimension.id, ""),
            "statements": [
                {
                    "id": statement.id,
                    "text": visit.wording(statement),
                    "options": list(_options(visit, answers.get(statement.id, ""))),
                }
                for statement in dimension.statements
            ],
        }
        for dimension in visit.model.dimensions
    ]


@health_respondent
def start(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    """The link itself: the welcome page; its button (a POST) makes the response."""
    if request.method == "POST":
        visit.started()
        return redirect(visit.url("questions"))
    lang = visit.lang
    context = {
        "description": visit.model.description.get(lang),
        "statements": len(visit.model.statements),
        "dimensions": len(visit.model.dimensions),
        "organisation": visit.check.partnership.organisation,
        "side": visit.side,
        "resume": visit.response is not None,
        "submitted": visit.response is not None and visit.response.submitted,
    }
    return health_page(request, visit, "health/welcome.html", context)


@require_POST
@health_respondent
def language(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    return one_page.language_switched(request, visit, responding.set_health_language)


def _changes(visit: HealthVisit, data: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(kind, id, value) for every answer or comment the posted page changes; a radio group
    left unchosen is not posted, and so changes nothing."""
    answers, comments = _stored(visit.response)
    for statement in visit.model.statements:
        value = data.get(f"s-{statement.id}")
        if value is not None and value.strip() != answers.get(statement.id, ""):
            yield "answer", statement.id, value
    for dimension in visit.model.dimensions:
        text = data.get(f"comment-{dimension.id}")
        if text is not None and text.strip() != comments.get(dimension.id, ""):
            yield "comment", dimension.id, text


def _save_one(response: HealthResponse, change: one_page.Change) -> None:
    kind, item, value = change
    if kind == "answer":
        responding.save_health_answer(response, item, value)
    else:
        responding.save_health_comment(response, item, value)


@health_respondent
def questions(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    error = ""
    if request.method == "POST":
        error = one_page.save_all(visit, _changes(visit, request.POST), _save_one)
        if not error:
            return redirect(visit.url("review"))
    answers, comments = _stored(visit.response)
    context = {
        "dimensions": _dimensions(visit, answers, comments),
        "scale": [
            (p.point, p.label.get(visit.lang), p.description.get(visit.lang))
            for p in visit.model.scale
        ],
        "progress": _progress(visit, len(answers)),
        "error": error,
    }
    return health_page(
        request, visit, "health/questions.html", context, status=400 if error else 200
    )


@require_POST
@health_respondent
def save(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    """Autosave of one answer or one dimension's comment (htmx)."""
    statement, dimension = request.POST.get("statement"), request.POST.get("dimension")
    if statement is not None:
        kind, item, value = "answer", statement, request.POST.get("value")
    else:
        kind, item = "comment", dimension or ""
        value = request.POST.get(f"comment-{item}")
    if value is None:
        return status_fragment(request, _("Nothing was saved: the answer is missing."), 400)
    try:
        response = visit.started()
        _save_one(response, (kind, item, value))
    except DomainError as exc:
        return status_fragment(request, str(exc), 400)
    answered = response.answers.filter(value__isnull=False).count()
    progress = _progress(visit, answered)
    return HttpResponse(render_to_string("respond/_saved.html", {"progress": progress}))


@health_respondent
def review(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    model = visit.model
    statements = [s.id for s in model.statements]
    missing = responding.unanswered_statements(visit.response, statements)
    wording = {s.id: visit.wording(s) for s in model.statements}
    context = {
        "missing": [{"id": s, "text": wording[s]} for s in missing],
        "progress": _progress(visit, len(statements) - len(missing)),
        "submitted": visit.response is not None and visit.response.submitted,
    }
    return health_page(request, visit, "health/review.html", context)


@require_POST
@health_respondent
def submit(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    def closed() -> HttpResponse:
        return health_page(request, visit, "health/closed.html", status=410)

    return one_page.submitted(visit, responding.submit_health_response, closed)


@health_respondent
def thanks(request: RespondentRequest, visit: HealthVisit) -> HttpResponse:
    return one_page.thanks(visit, lambda: health_page(request, visit, "health/thanks.html"))
