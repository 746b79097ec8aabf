"""A respondent's visit: the token in the path finds their response or invitation, and every
page answers in their language, or says the link or the questionnaire is not there.

Every page is found through the token in its path, so a respondent resumes on any device with
the same link; nothing essential lives in a session or cookie. Every write goes through a
workflow function of the domain package; these views only translate HTTP to those calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any, ClassVar, Concatenate, Generic, ParamSpec, Protocol, TypeVar

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
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
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import ratelimit

P = ParamSpec("P")
R = TypeVar("R")
I = TypeVar("I")  # noqa: E741 - the invitation's type, beside R, the response's
LEVEL_FIELDS = ("current", "ambition")


@dataclass
class TokenVisit(Generic[R, I]):
    """One request of a respondent of any questionnaire answered through a personal link (the
    scan, a health check, the partners'): their response and the invitation their token opens.

    Once started, the response is found by the token's own hash and brings its round; the
    invitation is only looked up when a page needs it, which spares every autosave a query.
    """

    token: str
    response: R | None
    found_invitation: I | None = None

    url_prefix: ClassVar[str] = "respond"  # of the URL names of its pages

    def find_invitation(self, token: str) -> I | None:
        raise NotImplementedError

    def started(self) -> R:
        """The response, made by the first POST that needs one, never by a GET: a mail
        scanner or chat preview that opens the link makes no respondent."""
        raise NotImplementedError

    def url(self, name: str, *args: str) -> str:
        return reverse(f"{self.url_prefix}-{name}", args=[self.token, *args])

    @property
    def invitation(self) -> I | None:
        """None only when the invitation went after the response was found (an erasure)."""
        if self.found_invitation is None:
            self.found_invitation = self.find_invitation(self.token)
        return self.found_invitation

    def _invitation(self) -> I:
        # token_view only makes a visit without a response from a found invitation.
        invitation = self.invitation
        assert invitation is not None
        return invitation


Visited = TypeVar("Visited", bound=TokenVisit[Any, Any])


def visit_of(
    token: str,
    make: Callable[[str, R | None, I | None], Visited],
    find_response: Callable[[str], R | None],
    find_invitation: Callable[[str], I | None],
) -> Visited | None:
    """The visit of a token that opens a response or else an invitation; None for neither."""
    response = find_response(token)
    invitation = None if response is not None else find_invitation(token)
    if response is None and invitation is None:
        return None
    return make(token, response, invitation)


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


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    text: str = ""
    checked: bool = False
    spoken: str = ""  # said after the label by a screen reader, not shown: " – Organised"


def quiet(page: HttpResponse) -> HttpResponse:
    # Django logs every 4xx with the request path, and the path holds the token; a token in
    # a log file is a key to someone's answers.
    page._has_been_logged = True  # type: ignore[attr-defined]
    return page


def not_found(request: RespondentRequest) -> HttpResponse:
    return quiet(render(request, "respond/not_found.html", status=404))


def limited(request: RespondentRequest, template: str, wait: int) -> HttpResponse:
    context = {"minutes": ratelimit.minutes(wait)}
    page = render(request, template, context, status=429)
    page["Retry-After"] = str(wait)
    return quiet(page)


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


def guessed_token(request: RespondentRequest, token: str = "") -> HttpResponse:
    """A token that opens nothing and never did: counted towards the network's guesses (the
    health check's and the partners' links, which no reminder replaces, end here too)."""
    wait = ratelimit.token_limit().retry_after(request)
    if wait:
        return limited(request, "respond/rate_limited.html", wait)
    ratelimit.token_limit().fail(request)
    return not_found(request)


def _replaced(request: RespondentRequest, replaced: ReplacedLink) -> HttpResponse:
    """A link a reminder replaced: not a guess, so it is not counted as one."""
    assessment = replaced.invitation.assessment
    with translation.override(language_for(assessment, replaced.invitation.language)):
        context = {"assessment": assessment}
        page = render(request, "respond/replaced.html", context, status=410)
        page.headers["Content-Language"] = translation.get_language()
    return quiet(page)


def status_fragment(request: RespondentRequest, message: str, status: int) -> HttpResponse:
    """The small fragment htmx puts in an aspect's status line."""
    page = render(request, "respond/_status.html", {"error": message}, status=status)
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


class TokenView(Protocol[P]):
    """A view of a respondent page as the URL patterns call it: the token comes by name."""

    def __call__(
        self, request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse: ...


class Visitor(Protocol):
    """What the pages of any questionnaire know of their visitor: at least the language."""

    @property
    def lang(self) -> str: ...


V = TypeVar("V", bound=Visitor)


def token_view(
    view: Callable[Concatenate[RespondentRequest, V, P], HttpResponse],
    find: Callable[[str], V | None],
    unavailable: Callable[[RespondentRequest, V], HttpResponse | None],
    unknown: Callable[[RespondentRequest, str], HttpResponse] = guessed_token,
) -> TokenView[P]:
    """A respondent page of any questionnaire (the scan, a health check, the partners'): the
    visit `find` makes of the token, `unavailable`'s page when the questionnaire is closed or
    not open, `unknown`'s when the token opens nothing, and every page in the respondent's
    language rather than the browser's."""

    def wrapper(
        request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        visit = find(token)
        if visit is None:
            return unknown(request, token)
        with translation.override(visit.lang):
            page = unavailable(request, visit) or view(request, visit, *args, **kwargs)
            page.headers["Content-Language"] = translation.get_language()
        return page

    # update_wrapper, not @wraps: the view keeps the signature declared here for type checkers.
    update_wrapper(wrapper, view)
    return wrapper


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
