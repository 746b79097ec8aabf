"""A health check respondent's visit: the token in the path finds their response or their link,
every page answers in their language, or says the link is unknown or the check has closed.

Everything hangs on the token in the path, so a respondent resumes on any device with the same
link. Pages only read; the first POST that needs a response makes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Concatenate, ParamSpec

from django.http import HttpResponse
from django.shortcuts import render

from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.assessments.respond.token_pages import (
    TokenView,
    TokenVisit,
    quiet,
    status_fragment,
    token_view,
    visit_of,
)
from partnerscan.capability.health import HealthModel, Side, Statement
from partnerscan.portfolio import health_responding as responding
from partnerscan.portfolio.models import HealthCheck, HealthInvitation, HealthResponse

P = ParamSpec("P")


@dataclass
class HealthVisit(TokenVisit[HealthResponse, HealthInvitation]):
    """One request of a respondent: their response once started, else their invitation."""

    def find_invitation(self, token: str) -> HealthInvitation | None:
        return responding.find_health_invitation(token)

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

    url_prefix = "health"

    def started(self) -> HealthResponse:
        if self.response is None:
            self.response = responding.start_health_response(self._invitation(), self.token)
        return self.response


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


def _visit(token: str) -> HealthVisit | None:
    return visit_of(
        token, HealthVisit, responding.find_health_response, responding.find_health_invitation
    )


def health_respondent(
    view: Callable[Concatenate[RespondentRequest, HealthVisit, P], HttpResponse],
) -> TokenView[P]:
    """Find the response or invitation by the token, refuse a closed check, and render in the
    respondent's language rather than the browser's."""
    return token_view(view, _visit, _closed)
