"""A respondent's visit: the token in the path finds their response or invitation, and every
page answers in their language, or says the link or the questionnaire is not there.

Every page is found through the token in its path, so a respondent resumes on any device with
the same link; nothing essential lives in a session or cookie. Every write goes through a
workflow function of the domain package; these views only translate HTTP to those calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from partnerscan.assessments import domain
from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import (
    LANGUAGE_CHOICES,
    Assessment,
    Invitation,
    ReplacedLink,
    Response,
)
from partnerscan.assessments.respond.token_pages import (
    TokenView,
    TokenVisit,
    guessed_token,
    quiet,
    status_fragment,
    token_view,
    visit_of,
)
from partnerscan.capability.schema import CapabilityModel

P = ParamSpec("P")
LEVEL_FIELDS = ("current", "ambition")


@dataclass
class Visit(TokenVisit[Response, Invitation]):
    """A visit of a scan's respondent."""

    def find_invitation(self, token: str) -> Invitation | None:
        return domain.find_invitation(token)

    @property
    def assessment(self) -> Assessment:
        if self.response is not None:
            return self.response.assessment
        return self._invitation().assessment

    @property
    def model(self) -> CapabilityModel:
        return self.assessment.capability_model

    @property
    def languages(self) -> list[str]:
        return offered_languages(self.assessment)

    @property
    def lang(self) -> str:
        wanted = self.response.language if self.response else self._invitation().language
        return language_for(self.assessment, wanted)

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


def offered_languages(assessment: Assessment) -> list[str]:
    offered = [code for code, _name in LANGUAGE_CHOICES if code in assessment.languages]
    return offered or ["nl"]


def language_for(assessment: Assessment, wanted: str) -> str:
    """The language asked for when the round offers it, else the round's first."""
    offered = offered_languages(assessment)
    return wanted if wanted in offered else offered[0]


def unknown_token(request: RespondentRequest, token: str) -> HttpResponse:
    """A token that opens nothing: a replaced link, a guess, or a link cut short.

    Only this answer is ever refused for guessing. A valid token always works, even from a
    network that guessed too much: with 192 random bits a guesser never finds one, so
    answering it reveals nothing, and a colleague behind the same address is not locked out.
    """
    replaced = domain.find_replaced_link(token)
    if replaced is not None:
        return _replaced(request, replaced)
    return guessed_token(request)


def _replaced(request: RespondentRequest, replaced: ReplacedLink) -> HttpResponse:
    """A link a reminder replaced: not a guess, so it is not counted as one."""
    assessment = replaced.invitation.assessment
    with translation.override(language_for(assessment, replaced.invitation.language)):
        context = {"assessment": assessment}
        page = render(request, "respond/replaced.html", context, status=410)
        page.headers["Content-Language"] = translation.get_language()
    return quiet(page)


def respondent_page(
    request: RespondentRequest,
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
    return quiet(render(request, template, {**base, **(context or {})}, status=status))


def _unavailable(request: RespondentRequest, visit: Visit) -> HttpResponse | None:
    if visit.assessment.is_closed:
        message = _("This questionnaire has closed; answers can no longer be changed.")
        if request.htmx:
            return status_fragment(request, message, 410)
        return respondent_page(request, visit, "respond/closed.html", status=410)
    if not visit.assessment.is_open:
        message = _("This questionnaire is not open yet.")
        status = 200 if request.method in ("GET", "HEAD") else 409
        if request.htmx:
            return status_fragment(request, message, status)
        return respondent_page(request, visit, "respond/not_open.html", status=status)
    return None


def _scan_visit(token: str) -> Visit | None:
    return visit_of(token, Visit, domain.find_response, domain.find_invitation)


def respondent(
    view: Callable[Concatenate[RespondentRequest, Visit, P], HttpResponse],
) -> TokenView[P]:
    """Find the invitation by the token, refuse a closed or draft questionnaire, and render
    in the respondent's language rather than the browser's."""
    return token_view(view, _scan_visit, _unavailable, unknown_token)


def go_to(visit: Visit, position: str) -> HttpResponse:
    """A page's form moves the respondent on. Where they go is remembered here, on the POST,
    so the link resumes there; reading a page never writes (a GET only reads)."""
    if visit.response is not None and position != "welcome":
        domain.set_position(visit.response, position)
    return redirect(visit.url_of(position))
