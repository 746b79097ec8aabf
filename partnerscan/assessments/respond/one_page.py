"""What the questionnaires on one page share (a health check's at /h/, the partners' at /p/):
the whole page saved at once without JavaScript, the language switch, the submit and the
thanks page. Each app's views pass in their own workflow functions and pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect

from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.respond.token_pages import TokenVisit
from partnerscan.core.errors import DomainError

R = TypeVar("R")
Change = tuple[str, str, str]  # (what: "answer"/"comment" or a field, which item, the value)
PAGES = ("questions", "review", "thanks")  # where a language switch may lead back to


def save_all(
    visit: TokenVisit[R, Any], changes: Iterable[Change], save_one: Callable[[R, Change], None]
) -> str:
    """Save a page posted without JavaScript: all of it or, on bad input, none; the error."""
    changes = list(changes)
    if not changes:
        return ""  # nothing to save, so no response to make either
    try:
        with transaction.atomic():
            response = visit.started()
            for change in changes:
                save_one(response, change)
    except DomainError as exc:
        return str(exc)
    return ""


def language_switched(
    request: RespondentRequest,
    visit: TokenVisit[Any, Any],
    set_language: Callable[[Any, Any, str], None],
) -> HttpResponse:
    set_language(visit.invitation, visit.response, request.POST.get("language", ""))
    back = request.POST.get("next", "")
    return redirect(visit.url(back if back in PAGES else "start"))


def submitted(
    visit: TokenVisit[R, Any],
    submit: Callable[[R, Any], object],
    closed: Callable[[], HttpResponse],
) -> HttpResponse:
    """Idempotent: a double click or a replay lands on the thanks page too."""
    if visit.response is None:  # nothing was answered, so there is nothing to submit
        return redirect(visit.url("review"))
    try:
        submit(visit.response, visit.invitation)
    except DomainError:  # closed since the look-up
        return closed()
    return redirect(visit.url("thanks"))


def thanks(visit: TokenVisit[Any, Any], page: Callable[[], HttpResponse]) -> HttpResponse:
    if visit.response is None or not visit.response.submitted:
        return redirect(visit.url("review"))
    return page()
