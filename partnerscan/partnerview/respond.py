"""The partner's pages (mounted at /p/): welcome, the questions on one page grouped by condition
with an autosave per answer, the review with the submit, and the thanks page. A partner never
sees a result.

Without JavaScript the questions page posts as a whole; with it, every level and every text is
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
from partnerscan.assessments.respond import one_page
from partnerscan.assessments.respond.token_pages import Option, status_fragment
from partnerscan.capability.schema import Aspect
from partnerscan.core.errors import DomainError
from partnerscan.partnerview import responding
from partnerscan.partnerview.models import PartnerResponse
from partnerscan.partnerview.texts import outsider
from partnerscan.partnerview.visit import PartnerVisit, partner_page, partner_respondent
from partnerscan.scoring.records import DK


def _progress(visit: PartnerVisit, answered: int) -> dict[str, int]:
    return {"answered": answered, "questions": len(visit.model.partner_aspects)}


def _options(visit: PartnerVisit, aspect: Aspect, chosen: str) -> Iterator[Option]:
    wording = aspect.partner_wording
    assert wording is not None
    for level, anchor in enumerate(wording.anchors, start=1):
        value = str(level)
        yield Option(value, str(level), anchor.get(visit.lang), checked=chosen == value)
    yield Option(DK, _("Don't know"), checked=chosen == DK)


def _conditions(
    visit: PartnerVisit, levels: Mapping[str, str], comments: Mapping[str, str]
) -> list[dict[str, Any]]:
    lang = visit.lang
    asked = {a.id for a in visit.model.partner_aspects}
    return [
        {
            "id": condition.id,
            "name": condition.name.get(lang),
            "aspects": [
                {
                    "id": aspect.id,
                    "question": visit.question(aspect),
                    "options": list(_options(visit, aspect, levels.get(aspect.id, ""))),
                    "comment": comments.get(aspect.id, ""),
                }
                for aspect in condition.aspects
                if aspect.id in asked
            ],
        }
        for condition in visit.model.conditions
        if any(aspect.id in asked for aspect in condition.aspects)
    ]


@partner_respondent
def start(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    """The link itself: the page for an outsider; its button (a POST) makes the response."""
    if request.method == "POST":
        visit.started()
        return redirect(visit.url("questions"))
    context = {
        "told": outsider(visit.round, visit.partner_name, visit.lang),
        "resume": visit.response is not None,
        "submitted": visit.response is not None and visit.response.submitted,
    }
    return partner_page(request, visit, "partnerview/welcome.html", context)


@require_POST
@partner_respondent
def language(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    return one_page.language_switched(request, visit, responding.set_partner_language)


def _changes(visit: PartnerVisit, data: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(field, aspect, value) for every level or text the posted page changes; a radio group
    left unchosen is not posted, and so changes nothing."""
    levels, comments = responding.stored_answers(visit.response)
    for aspect in visit.model.partner_aspects:
        value = data.get(f"a-{aspect.id}")
        if value is not None and value.strip() != levels.get(aspect.id, ""):
            yield "value", aspect.id, value
        text = data.get(f"c-{aspect.id}")
        if text is not None and text.strip() != comments.get(aspect.id, ""):
            yield "comment", aspect.id, text


def _save_one(response: PartnerResponse, change: one_page.Change) -> None:
    field, aspect, value = change
    if field == "comment":
        responding.save_partner_comment(response, aspect, value)
    else:
        responding.save_partner_answer(response, aspect, value)


@partner_respondent
def questions(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    error = ""
    if request.method == "POST":
        error = one_page.save_all(visit, _changes(visit, request.POST), _save_one)
        if not error:
            return redirect(visit.url("review"))
    levels, comments = responding.stored_answers(visit.response)
    context = {
        "conditions": _conditions(visit, levels, comments),
        "progress": _progress(visit, len(levels)),
        "error": error,
    }
    status = 400 if error else 200
    return partner_page(request, visit, "partnerview/questions.html", context, status=status)


@require_POST
@partner_respondent
def save(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    """Autosave of one level or one text (htmx)."""
    aspect = request.POST.get("aspect", "")
    field = "comment" if request.POST.get("field") == "comment" else "value"
    value = request.POST.get(f"c-{aspect}" if field == "comment" else "value")
    if value is None:
        return status_fragment(request, _("Nothing was saved: the answer is missing."), 400)
    try:
        response = visit.started()
        _save_one(response, (field, aspect, value))
    except DomainError as exc:
        return status_fragment(request, str(exc), 400)
    answered = response.answers.filter(value__isnull=False).count()
    progress = _progress(visit, answered)
    return HttpResponse(render_to_string("respond/_saved.html", {"progress": progress}))


@partner_respondent
def review(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    levels, _comments = responding.stored_answers(visit.response)
    asked = visit.model.partner_aspects
    missing = [{"id": a.id, "text": visit.question(a)} for a in asked if a.id not in levels]
    context = {
        "missing": missing,
        "progress": _progress(visit, len(asked) - len(missing)),
        "submitted": visit.response is not None and visit.response.submitted,
    }
    return partner_page(request, visit, "partnerview/review.html", context)


@require_POST
@partner_respondent
def submit(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    def closed() -> HttpResponse:
        return partner_page(request, visit, "partnerview/closed.html", status=410)

    return one_page.submitted(visit, responding.submit_partner_response, closed)


@partner_respondent
def thanks(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse:
    return one_page.thanks(visit, lambda: partner_page(request, visit, "partnerview/thanks.html"))
