"""The respondent's questionnaire: start, context, one page per condition, review and submit.

Every page is found through the token in its path, so a respondent resumes on any device with
the same link; nothing essential lives in a session or cookie. Every write goes through a
workflow function of domain.py; these views only translate HTTP to those calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain
from partnerscan.assessments.models import (
    DONT_KNOW,
    LANGUAGE_CHOICES,
    Answer,
    Assessment,
    Invitation,
    ReplacedLink,
    Response,
)
from partnerscan.capability.schema import Aspect, CapabilityModel, Condition
from partnerscan.core import ratelimit

P = ParamSpec("P")
LEVEL_FIELDS = ("current", "ambition")
PAGE_FIELDS = (*LEVEL_FIELDS, "comment")
SUBMITTED = gettext_lazy("Your answers have been submitted and can no longer change.")


@dataclass
class Visit:
    """One request of a respondent: their response and the invitation their token opens.

    Once started, the response is found by the token's own hash and brings its assessment;
    the invitation is only looked up when a page needs it, which spares every autosave a query.
    """

    token: str
    response: Response | None
    found_invitation: Invitation | None = None

    @property
    def invitation(self) -> Invitation | None:
        """None only when the invitation went after the response was found (an erasure)."""
        if self.found_invitation is None:
            self.found_invitation = domain.find_invitation(self.token)
        return self.found_invitation

    @property
    def assessment(self) -> Assessment:
        if self.response is not None:
            return self.response.assessment
        return self._invitation().assessment

    def _invitation(self) -> Invitation:
        # The respondent decorator only makes a visit without a response from a found invitation.
        invitation = self.invitation
        assert invitation is not None
        return invitation

    @property
    def model(self) -> CapabilityModel:
        return self.assessment.capability_model

    @property
    def languages(self) -> list[str]:
        return _offered(self.assessment)

    @property
    def lang(self) -> str:
        wanted = self.response.language if self.response else self._invitation().language
        return _language_for(self.assessment, wanted)

    @property
    def read_only(self) -> bool:
        return bool(self.response and self.response.submitted and not self.assessment.allow_amend)

    def started(self) -> Response:
        """The response, created by the first POST that needs one: pressing start, saving
        an answer or the context. Never by a GET, so a link checker or a mail scanner that
        opens every link in a message does not make respondents."""
        if self.response is None:
            self.response = domain.start_response(self._invitation(), self.token, self.lang)
        self.response.assessment = self.assessment  # spares a query in domain.unanswered
        return self.response

    def url(self, name: str, *args: str) -> str:
        return reverse(f"respond-{name}", args=[self.token, *args])

    @property
    def pages(self) -> list[str]:
        return ["context", *(f"c:{c.id}" for c in self.model.conditions), "review"]

    def url_of(self, position: str) -> str:
        """The page a stored position (or a language switch's `next`) points at."""
        if position in self.pages[1:-1]:
            return self.url("condition", position[2:])
        if position in ("context", "review", "thanks", "welcome"):
            return self.url(position)
        return self.url("start")

    def neighbour(self, position: str, go: str | None) -> str:
        pages = self.pages
        index = pages.index(position)
        if go == "prev":
            return pages[index - 1] if index > 0 else "welcome"
        return pages[min(index + 1, len(pages) - 1)]


def _offered(assessment: Assessment) -> list[str]:
    offered = [code for code, _name in LANGUAGE_CHOICES if code in assessment.languages]
    return offered or ["nl"]


def _language_for(assessment: Assessment, wanted: str) -> str:
    """The language asked for when the round offers it, else the round's first."""
    offered = _offered(assessment)
    return wanted if wanted in offered else offered[0]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    text: str = ""
    checked: bool = False
    spoken: str = ""  # said after the label by a screen reader, not shown: " – Organised"


def _quiet(page: HttpResponse) -> HttpResponse:
    # Django logs every 4xx with the request path, and the path holds the token; a token in
    # a log file is a key to someone's answers.
    page._has_been_logged = True  # type: ignore[attr-defined]
    return page


def _not_found(request: HttpRequest) -> HttpResponse:
    return _quiet(render(request, "respond/not_found.html", status=404))


def _limited(request: HttpRequest, template: str, wait: int) -> HttpResponse:
    context = {"minutes": ratelimit.minutes(wait)}
    page = render(request, template, context, status=429)
    page["Retry-After"] = str(wait)
    return _quiet(page)


def _unknown_token(request: HttpRequest, token: str) -> HttpResponse:
    """A token that opens nothing: a replaced link, a guess, or a link cut short.

    Only this answer is ever refused for guessing. A valid token always works, even from a
    network that guessed too much: with 192 random bits a guesser never finds one, so
    answering it reveals nothing, and a colleague behind the same address is not locked out.
    """
    replaced = domain.find_replaced_link(token)
    if replaced is not None:
        return _replaced(request, replaced)
    wait = ratelimit.token_limit().retry_after(request)
    if wait:
        return _limited(request, "respond/rate_limited.html", wait)
    ratelimit.token_limit().fail(request)
    return _not_found(request)


def _replaced(request: HttpRequest, replaced: ReplacedLink) -> HttpResponse:
    """A link a reminder replaced: not a guess, so it is not counted as one."""
    assessment = replaced.invitation.assessment
    with translation.override(_language_for(assessment, replaced.invitation.language)):
        context = {"assessment": assessment}
        page = render(request, "respond/replaced.html", context, status=410)
        page.headers["Content-Language"] = translation.get_language()
    return _quiet(page)


def _status(request: HttpRequest, message: str, status: int) -> HttpResponse:
    """The small fragment htmx puts in an aspect's status line."""
    page = render(request, "respond/_status.html", {"error": message}, status=status)
    return _quiet(page)


def _page(
    request: HttpRequest,
    visit: Visit,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    position: str = "",
    status: int = 200,
) -> HttpResponse:
    names = dict(LANGUAGE_CHOICES)
    base = {
        "visit": visit,
        "assessment": visit.assessment,
        "position": position,
        "languages": [(code, names[code]) for code in visit.languages],
    }
    return _quiet(render(request, template, {**base, **(context or {})}, status=status))


def _unavailable(request: HttpRequest, visit: Visit) -> HttpResponse | None:
    if visit.assessment.is_closed:
        message = _("This questionnaire has closed; answers can no longer be changed.")
        if request.htmx:
            return _status(request, message, 410)
        return _page(request, visit, "respond/closed.html", status=410)
    if not visit.assessment.is_open:
        message = _("This questionnaire is not open yet.")
        status = 200 if request.method in ("GET", "HEAD") else 409
        if request.htmx:
            return _status(request, message, status)
        return _page(request, visit, "respond/not_open.html", status=status)
    return None


def respondent(
    view: Callable[Concatenate[HttpRequest, Visit, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, str, P], HttpResponse]:
    """Find the invitation by the token, refuse a closed or draft questionnaire, and render
    in the respondent's language rather than the browser's."""

    @wraps(view)
    def wrapper(
        request: HttpRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        response = domain.find_response(token)
        invitation = None if response else domain.find_invitation(token)
        if response is None and invitation is None:
            return _unknown_token(request, token)
        visit = Visit(token, response, invitation)
        with translation.override(visit.lang):
            page = _unavailable(request, visit) or view(request, visit, *args, **kwargs)
            page.headers["Content-Language"] = translation.get_language()
        return page

    return wrapper


# Answers ----------------------------------------------------------------------------------


def _cell(value: int | None) -> str:
    return "" if value is None else ("dk" if value == DONT_KNOW else str(value))


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


def _answered(response: Response) -> int:
    """Level questions answered, from two columns of at most one row per aspect (cheaper in
    Django than an aggregate). Every stored aspect is one of the model's: save_answer and the
    import both refuse any other."""
    levels = response.answers.values_list("current", "ambition")
    return sum(value is not None for row in levels for value in row)


def _answered_in(answers: Iterable[Answer]) -> int:
    return sum(getattr(answer, field) is not None for answer in answers for field in LEVEL_FIELDS)


def _progress(visit: Visit, position: str, answered: int) -> dict[str, int]:
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
    yield Option("dk", _("Don't know"), "", chosen == "dk")


def _compact_options(visit: Visit, chosen: str, lang: str) -> Iterator[Option]:
    """The levels as their numbers only: the descriptions stand once per aspect, with the
    first question, so a phone does not scroll through them twice. A screen reader still
    hears the level's name ("3 – Organised"), which the visible number alone does not say."""
    for level in visit.model.levels:
        value = str(level.level)
        spoken = f" – {level.name.get(lang)}"
        yield Option(value, value, checked=chosen == value, spoken=spoken)
    yield Option("dk", _("Don't know"), "", chosen == "dk")


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
    except domain.DomainError as exc:
        return str(exc), 400
    return "", 200


# Pages ------------------------------------------------------------------------------------


def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one link for everyone: a page with a start button, and on POST a personal link.

    Opening it (GET) writes nothing, so a link scanner in a mail filter or a chat preview
    hands out no personal link and uses none of the cap.
    """
    assessment = domain.find_open_link(token)
    if assessment is None:
        return _unknown_token(request, token)
    # Nobody is known yet: the visitor's own language when the round offers it.
    wanted = getattr(request, "LANGUAGE_CODE", "")
    with translation.override(_language_for(assessment, wanted)):
        page = _open_link_page(request, token, assessment)
        page.headers["Content-Language"] = translation.get_language()
    return _quiet(page)


def _open_link_page(request: HttpRequest, token: str, assessment: Assessment) -> HttpResponse:
    context: dict[str, Any] = {"assessment": assessment, "token": token}
    if not assessment.is_open:
        status = 200 if request.method in ("GET", "HEAD") else 409
        return render(request, "respond/not_open.html", context, status=status)
    if request.method != "POST":
        if domain.open_link_full(assessment):
            return render(request, "respond/open_full.html", context)
        return render(request, "respond/open.html", context)
    return _claim(request, token, assessment, context)


def _claim(
    request: HttpRequest, token: str, assessment: Assessment, context: dict[str, Any]
) -> HttpResponse:
    """Claim a personal link: limited per network, then the code, then the cap."""
    wait = ratelimit.claim_limit().retry_after(request)
    if domain.needs_access_code(assessment):
        wait = max(wait, ratelimit.access_code_limit().retry_after(request))
    if wait:
        return _limited(request, "respond/open_limited.html", wait)
    try:
        code = request.POST.get("access_code", "")
        personal = domain.claim_open_link(token, code, translation.get_language())
    except domain.WrongAccessCode as exc:
        ratelimit.access_code_limit().fail(request)
        return render(request, "respond/open.html", {**context, "error": str(exc)}, status=400)
    except domain.OpenLinkFull:
        return render(request, "respond/open_full.html", context, status=409)
    if personal is None:  # closed or disabled since the look-up above
        return _not_found(request)
    ratelimit.claim_limit().hit(request)
    return redirect("respond-start", personal)


def _start_page(request: HttpRequest, visit: Visit) -> HttpResponse:
    context = {
        "personal_url": request.build_absolute_uri(visit.url("start")),
        "show_link": bool(visit.invitation and visit.invitation.kind == Invitation.Kind.OPEN),
        "resume_url": (
            visit.url_of(visit.response.position)
            if visit.response and visit.response.position
            else ""
        ),
    }
    return _page(request, visit, "respond/start.html", context, position="welcome")


@respondent
def start(request: HttpRequest, visit: Visit) -> HttpResponse:
    """The link itself: the welcome page on a first visit, later the page where they were."""
    if request.method == "POST":
        return redirect(visit.url_of(visit.started().position or "context"))
    if visit.response and visit.response.position:
        return redirect(visit.url_of(visit.response.position))
    return _start_page(request, visit)


@respondent
def welcome(request: HttpRequest, visit: Visit) -> HttpResponse:
    return _start_page(request, visit)


@require_POST
@respondent
def language(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Before the first answer the choice goes with the invitation: switching languages
    is not taking part, so it makes no response."""
    code = request.POST.get("language", "")
    if code in visit.languages:
        if visit.response is not None:
            domain.set_language(visit.response, code)
        elif visit.invitation is not None:
            domain.set_invitation_language(visit.invitation, code)
    return redirect(visit.url_of(request.POST.get("next", "")))


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
def context(request: HttpRequest, visit: Visit) -> HttpResponse:
    error, status = "", 200
    if request.method == "POST":
        role, department = request.POST.get("role", ""), request.POST.get("department", "")
        if visit.read_only:
            error, status = str(SUBMITTED), 409
        else:
            try:
                domain.save_context(visit.started(), role, department)
            except domain.DomainError as exc:
                error, status = str(exc), 400
            else:
                return redirect(visit.url_of(visit.neighbour("context", request.POST.get("go"))))
    response = visit.response
    if response is not None:
        domain.set_position(response, "context")
    question, help_text, roles = _role_options(visit, response.role if response else "")
    page = {
        "role_question": question,
        "role_help": help_text,
        "roles": roles,
        "department_question": _department_question(visit),
        "departments": visit.assessment.departments,
        "department": response.department if response else "",
        "error": error,
        "progress": _progress(visit, "context", _answered(response) if response else 0),
        "next_url": visit.url_of(visit.neighbour("context", "next")),
    }
    return _page(request, visit, "respond/context.html", page, position="context", status=status)


@respondent
def condition(request: HttpRequest, visit: Visit, condition_id: str) -> HttpResponse:
    found = next((c for c in visit.model.conditions if c.id == condition_id), None)
    if found is None:
        return _not_found(request)
    position = f"c:{found.id}"
    error, status = "", 200
    if request.method == "POST":
        error, status = _save_page(visit, found, request.POST)
        if not error:
            return redirect(visit.url_of(visit.neighbour(position, request.POST.get("go"))))
    answers: dict[str, Answer] = {}
    if visit.response is not None:
        domain.set_position(visit.response, position)
        answers = _answers(visit.response)
    page = {
        "condition": found,
        "condition_name": found.name.get(visit.lang),
        "condition_description": found.description.get(visit.lang),
        "aspects": _aspect_blocks(visit, found, answers),
        "progress": _progress(visit, position, _answered_in(answers.values())),
        "error": error,
        "read_only": visit.read_only,
        "prev_url": visit.url_of(visit.neighbour(position, "prev")),
        "next_url": visit.url_of(visit.neighbour(position, "next")),
    }
    return _page(request, visit, "respond/condition.html", page, position=position, status=status)


@require_POST
@respondent
def save(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Autosave of one answer (htmx). A comment textarea posts its text under its own name."""
    aspect, field = request.POST.get("aspect", ""), request.POST.get("field", "")
    value = request.POST.get("value", request.POST.get(f"{aspect}-{field}"))
    if visit.read_only:
        return _status(request, str(SUBMITTED), 409)
    if value is None:
        return _status(request, _("Nothing was saved: the answer is missing."), 400)
    response = visit.started()
    try:
        domain.save_answer(response, aspect, field, value)
    except domain.DomainError as exc:
        return _status(request, str(exc), 400)
    progress = _progress(visit, "", _answered(response))
    # No request context: the fragment needs none of the context processors' values.
    return HttpResponse(render_to_string("respond/_saved.html", {"progress": progress}))


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
def review(request: HttpRequest, visit: Visit) -> HttpResponse:
    response = visit.response
    if response is not None:
        domain.set_position(response, "review")
    page = {
        "missing": _missing(visit, response),
        "progress": _progress(visit, "review", _answered(response) if response else 0),
        "submitted": response is not None and response.submitted,
        "read_only": visit.read_only,
        "prev_url": visit.url_of(visit.neighbour("review", "prev")),
    }
    return _page(request, visit, "respond/review.html", page, position="review")


@require_POST
@respondent
def submit(request: HttpRequest, visit: Visit) -> HttpResponse:
    """Idempotent (domain.submit_response): a double click or a replay lands on thanks too."""
    if visit.response is None:  # nothing was answered, so there is nothing to submit
        return redirect(visit.url("review"))
    try:
        domain.submit_response(visit.started(), visit.invitation)
    except domain.DomainError:  # closed between the check above and the submit
        return _page(request, visit, "respond/closed.html", status=410)
    return redirect(visit.url("thanks"))


@respondent
def thanks(request: HttpRequest, visit: Visit) -> HttpResponse:
    if visit.response is None or not visit.response.submitted:
        return redirect(visit.url("review"))
    domain.set_position(visit.response, "thanks")
    context = {"can_amend": visit.assessment.allow_amend, "first_url": visit.url("context")}
    return _page(request, visit, "respond/thanks.html", context, position="thanks")
