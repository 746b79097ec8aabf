"""A health check respondent's visit: the token in the path finds their response or their link,
every page answers in their language, or says the link is unknown or the check has closed.

Everything hangs on the token in the path, so a respondent resumes on any device with the same
link. Pages only read; the first POST that needs a response makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import update_wrapper
from typing import Any, Concatenate, ParamSpec, Protocol

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.assessments.respond.visit import limited, not_found, quiet, status_fragment
from partnerscan.capability.health import HealthModel, Side, Statement
from partnerscan.core import ratelimit
from partnerscan.portfolio import health_responding as responding
from partnerscan.portfolio.models import HealthCheck, HealthInvitation, HealthResponse

P = ParamSpec("P")


@dataclass
class HealthVisit:
    """One request of a respondent: their response once started, else their invitation."""

    token: str
    response: HealthResponse | None
    found_invitation: HealthInvitation | None = None

    @property
    def invitation(self) -> HealthInvitation | None:
        if self.found_invitation is None:
            self.found_invitation = responding.find_health_invitation(self.token)
        return self.found_invitation

    def _invitation(self) -> HealthInvitation:
        # The decorator makes a visit without a response only from a found invitation.
        invitation = self.invitation
        assert invitation is not None
        return invitation

    @property
    def check(self) -> HealthCheck:
        if self.response is not None:
            return self.response.health_check
        return self._invitation().health_check

    @property
    def side(self) -> str:
        return self.response.side if self.response else self._invitation().side

    @property
    def lang(self) -> str:
        return self.response.language if self.response else self._invitation().language

    @property
    def model(self) -> HealthModel:
        return self.check.health_model

    def wording(self, statement: Statement) -> str:
        """The statement as this respondent's side reads it, in their language."""
        side: Side = "partner" if self.side == "partner" else "own"
        return statement.wording(side).get(self.lang)

    def started(self) -> HealthResponse:
        """The response, made by the first POST that needs one, never by a GET: a mail
        scanner or chat preview that opens the link makes no respondent."""
        if self.response is None:
            self.response = responding.start_health_response(self._invitation(), self.token)
        return self.response

    def url(self, name: str) -> str:
        return reverse(f"health-{name}", args=[self.token])


def unknown_token(request: RespondentRequest) -> HttpResponse:
    """A token that opens nothing: counted towards the network's guesses, as in the scans."""
    wait = ratelimit.token_limit().retry_after(request)
    if wait:
        return limited(request, "respond/rate_limited.html", wait)
    ratelimit.token_limit().fail(request)
    return not_found(request)


def health_page(
    request: RespondentRequest,
    visit: HealthVisit,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    names = dict(LANGUAGE_CHOICES)
    base = {
        "hvisit": visit,
        "health_check": visit.check,
        "partnership": visit.check.partnership,
        "model_name": visit.model.name.get(visit.lang),
        "languages": [(code, names[code]) for code, _name in LANGUAGE_CHOICES],
    }
    return quiet(render(request, template, {**base, **(context or {})}, status=status))


def _closed(request: RespondentRequest, visit: HealthVisit) -> HttpResponse | None:
    if visit.check.is_open:
        return None
    if request.htmx:
        return status_fragment(request, str(responding.closed_error()), 410)
    return health_page(request, visit, "health/closed.html", status=410)


class TokenView(Protocol[P]):
    def __call__(
        self, request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse: ...


def health_respondent(
    view: Callable[Concatenate[RespondentRequest, HealthVisit, P], HttpResponse],
) -> TokenView[P]:
    """Find the response or invitation by the token, refuse a closed check, and render in the
    respondent's language rather than the browser's."""

    def wrapper(
        request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        response = responding.find_health_response(token)
        invitation = None if response else responding.find_health_invitation(token)
        if response is None and invitation is None:
            return unknown_token(request)
        visit = HealthVisit(token, response, invitation)
        with translation.override(visit.lang):
            page = _closed(request, visit) or view(request, visit, *args, **kwargs)
            page.headers["Content-Language"] = translation.get_language()
        return page

    update_wrapper(wrapper, view)
    return wrapper
