"""What the respondent pages of every questionnaire answered through a personal link share (the
scan at /r/, a health check at /h/, the partners at /p/): the visit the token in the path opens,
the view that finds it and answers in the respondent's language, and the quiet pages for a token
that opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any, ClassVar, Concatenate, Generic, ParamSpec, Protocol, TypeVar

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from partnerscan.assessments.http import RespondentRequest
from partnerscan.core import ratelimit

P = ParamSpec("P")
R = TypeVar("R")
I = TypeVar("I")  # noqa: E741 - the invitation's type, beside R, the response's


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


def guessed_token(request: RespondentRequest, token: str = "") -> HttpResponse:
    """A token that opens nothing and never did: counted towards the network's guesses (the
    health check's and the partners' links, which no reminder replaces, end here too)."""
    wait = ratelimit.token_limit().retry_after(request)
    if wait:
        return limited(request, "respond/rate_limited.html", wait)
    ratelimit.token_limit().fail(request)
    return not_found(request)


def status_fragment(request: RespondentRequest, message: str, status: int) -> HttpResponse:
    """The small fragment htmx puts in an aspect's status line."""
    page = render(request, "respond/_status.html", {"error": message}, status=status)
    return quiet(page)


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
