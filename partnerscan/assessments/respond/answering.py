"""Answering: the context questions, one page per condition, and the autosave of one answer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain
from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import Answer, Response, as_value
from partnerscan.assessments.respond.token_pages import Option, not_found, status_fragment
from partnerscan.assessments.respond.visit import (
    LEVEL_FIELDS,
    Visit,
    go_to,
    respondent,
    respondent_page,
)
from partnerscan.capability.schema import Aspect, Condition
from partnerscan.core.errors import DomainError
from partnerscan.scoring.records import DK

PAGE_FIELDS = (*LEVEL_FIELDS, "comment")


SUBMITTED = gettext_lazy("Your answers have been submitted and can no longer change.")


def _cell(value: int | None) -> str:
    return "" if value is None else str(as_value(value))


def _cells(answer: Answer | None) -> dict[str, str]:
    if answer is None:
        return dict.fromkeys(PAGE_FIELDS, "")
    return {
        "current": _cell(answer.current),
        "ambition": _cell(answer.ambition),
        "comment": answer.comment,
    }


def _answers(response: Response) -> dict[str, Answer]:
    return {answer.aspect: answer for answer in response.answers.all()}


def answered_levels(response: Response) -> int:
    """Level questions answered, from two columns of at most one row per aspect (cheaper in
    Django than an aggregate). Every stored aspect is one of the model's: save_answer and the
    import both refuse any other."""
    levels = response.answers.values_list("current", "ambition")
    return sum(value is not None for row in levels for value in row)


def _answered_in(answers: Iterable[Answer]) -> int:
    return sum(getattr(answer, field) is not None for answer in answers for field in LEVEL_FIELDS)


def progress_of(visit: Visit, position: str, answered: int) -> dict[str, int]:
    pages = visit.pages
    return {
        "page": pages.index(position) + 1 if position in pages else 0,
        "pages": len(pages),
        "answered": answered,
        "questions": len(visit.model.aspects) * len(LEVEL_FIELDS),
    }


def _level_options(visit: Visit, aspect: Aspect, chosen: str, lang: str) -> Iterator[Option]:
    """The five levels with their anchored descriptions of this aspect, and "don't know"."""
    for level, anchor in zip(visit.model.levels, aspect.anchors, strict=True):
        value = str(level.level)
        label = f"{level.level} · {level.name.get(lang)}"
        yield Option(value, label, anchor.get(lang), chosen == value)
    yield Option(DK, _("Don't know"), "", chosen == DK)


def _compact_options(visit: Visit, chosen: str, lang: str) -> Iterator[Option]:
    """The levels as their numbers only: the descriptions stand once per aspect, with the
    first question, so a phone does not scroll through them twice. A screen reader still
    hears the level's name ("3 – Organised"), which the visible number alone does not say."""
    for level in visit.model.levels:
        value = str(level.level)
        spoken = f" – {level.name.get(lang)}"
        yield Option(value, value, checked=chosen == value, spoken=spoken)
    yield Option(DK, _("Don't know"), "", chosen == DK)


def _aspect_blocks(
    visit: Visit, condition: Condition, answers: Mapping[str, Answer]
) -> list[dict[str, Any]]:
    lang = visit.lang
    blocks = []
    for aspect in condition.aspects:
        cells = _cells(answers.get(aspect.id))
        current = {
            "field": "current",
            "legend": _("Where are we now?"),
            "options": list(_level_options(visit, aspect, cells["current"], lang)),
        }
        ambition = {
            "field": "ambition",
            "legend": _("Where do we want to be (in 2–3 years)?"),
            "options": list(_compact_options(visit, cells["ambition"], lang)),
        }
        blocks.append(
            {
                "id": aspect.id,
                "name": aspect.name.get(lang),
                "definition": aspect.definition.get(lang),
                "comment": cells["comment"],
                "current": current,
                "ambition": ambition,
            }
        )
    return blocks


def _page_changes(
    condition: Condition, data: Mapping[str, str], answers: Mapping[str, Answer]
) -> Iterator[tuple[str, str, str]]:
    """(aspect, field, value) for every answer the posted form changes. A radio group that
    was not posted is left alone: without a choice there is nothing to overwrite with."""
    for aspect in condition.aspects:
        stored = _cells(answers.get(aspect.id))
        for field in PAGE_FIELDS:
            name = f"{aspect.id}-{field}"
            if name in data and data[name].strip() != stored[field]:
                yield aspect.id, field, data[name]


def _save_page(visit: Visit, condition: Condition, data: Mapping[str, str]) -> tuple[str, int]:
    """Save a whole page posted without JavaScript; all of it or, on bad input, none."""
    if visit.read_only:
        return str(SUBMITTED), 409
    answers = _answers(visit.response) if visit.response else {}
    changes = list(_page_changes(condition, data, answers))
    if not changes:
        return "", 200  # nothing to save, so no response to make either
    response = visit.started()
    try:
        with transaction.atomic():
            for aspect, field, value in changes:
                domain.save_answer(response, aspect, field, value)
    except DomainError as exc:
        return str(exc), 400
    return "", 200


def _role_options(visit: Visit, chosen: str) -> tuple[str, str, list[Option]]:
    lang = visit.lang
    for question in visit.model.context:
        if question.id == "role":
            options = [
                Option(o.id, o.label.get(lang), checked=o.id == chosen) for o in question.options
            ]
            options.append(Option("", _("Prefer not to say")))
            help_text = question.help.get(lang) if question.help else ""
            return question.question.get(lang), help_text, options
    return "", "", []


def _department_question(visit: Visit) -> str:
    for question in visit.model.context:
        if question.kind == "department":
            return question.question.get(visit.lang)
    return _("Your department")


@respondent
def context(request: RespondentRequest, visit: Visit) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        role, department = request.POST.get("role", ""), request.POST.get("department", "")
        if visit.read_only:
            error, status = str(SUBMITTED), 409
        else:
            try:
                domain.save_context(visit.started(), role, department)
            except DomainError as exc:
                error, status = str(exc), 400
            else:
                return go_to(visit, visit.neighbour("context", request.POST.get("go")))
    response = visit.response
    question, help_text, roles = _role_options(visit, response.role if response else "")
    page = {
        "role_question": question,
        "role_help": help_text,
        "roles": roles,
        "department_question": _department_question(visit),
        "departments": visit.assessment.departments,
        "department": response.department if response else "",
        "error": error,
        "progress": progress_of(visit, "context", answered_levels(response) if response else 0),
        "next_url": visit.url_of(visit.neighbour("context", "next")),
    }
    return respondent_page(
        request, visit, "respond/context.html", page, position="context", status=status
    )


@respondent
def condition(request: RespondentRequest, visit: Visit, condition_id: str) -> HttpResponse:
    found = next((c for c in visit.model.conditions if c.id == condition_id), None)
    if found is None:
        return not_found(request)
    position = f"c:{found.id}"
    error, status = "", 200
    if request.method == "POST":
        error, status = _save_page(visit, found, request.POST)
        if not error:
            return go_to(visit, visit.neighbour(position, request.POST.get("go")))
    answers: dict[str, Answer] = {}
    if visit.response is not None:
        answers = _answers(visit.response)
    page = {
        "condition": found,
        "condition_name": found.name.get(visit.lang),
        "condition_description": found.description.get(visit.lang),
        "aspects": _aspect_blocks(visit, found, answers),
        "progress": progress_of(visit, position, _answered_in(answers.values())),
        "error": error,
        "read_only": visit.read_only,
        "prev_url": visit.url_of(visit.neighbour(position, "prev")),
        "next_url": visit.url_of(visit.neighbour(position, "next")),
    }
    return respondent_page(
        request, visit, "respond/condition.html", page, position=position, status=status
    )


@require_POST
@respondent
def save(request: RespondentRequest, visit: Visit) -> HttpResponse:
    """Autosave of one answer (htmx). A comment textarea posts its text under its own name."""
    aspect, field = request.POST.get("aspect", ""), request.POST.get("field", "")
    value = request.POST.get("value", request.POST.get(f"{aspect}-{field}"))
    if visit.read_only:
        return status_fragment(request, str(SUBMITTED), 409)
    if value is None:
        return status_fragment(request, _("Nothing was saved: the answer is missing."), 400)
    response = visit.started()
    try:
        position = f"c:{visit.model.condition_of(aspect).id}"
    except KeyError:
        position = ""  # not an aspect of the model: save_answer refuses it
    try:
        answered = domain.save_answer(response, aspect, field, value, position=position)
    except DomainError as exc:
        return status_fragment(request, str(exc), 400)
    progress = progress_of(visit, "", answered)
    # No request context: the fragment needs none of the context processors' values.
    return HttpResponse(render_to_string("respond/_saved.html", {"progress": progress}))
