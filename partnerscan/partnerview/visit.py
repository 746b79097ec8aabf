"""Who is on a partner's page: the response their token's own hash finds once they have started,
else the invitation their link opens; pages in the partner's language, the closed page once the
round has closed, a counted guess for a token that opens nothing (assessments/respond/visit.py).
Reading a page writes nothing: the first POST that needs a response makes it.
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
from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.partnerview import responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerResponse, PartnerRound

P = ParamSpec("P")


@dataclass
class PartnerVisit(TokenVisit[PartnerResponse, PartnerInvitation]):
    """One request of a partner: their response once started, else their invitation."""

    url_prefix = "partner"

    def find_invitation(self, token: str) -> PartnerInvitation | None:
        return responding.find_partner_invitation(token)

    @property
    def round(self) -> PartnerRound:
        return self.response.round if self.response else self._invitation().round

    @property
    def lang(self) -> str:
        return self.response.language if self.response else self._invitation().language

    @property
    def partner_name(self) -> str:
        """The organisation the partner answers for, as they were invited."""
        if self.response is not None:
            return self.response.organisation
        return self._invitation().organisation_name

    @property
    def rated(self) -> str:
        """The organisation the partner rates."""
        return self.round.assessment.organisation.name

    @property
    def model(self) -> CapabilityModel:
        return self.round.assessment.capability_model

    def question(self, aspect: Aspect) -> str:
        """The aspect's partner question in the partner's language, naming the organisation."""
        wording = aspect.partner_wording
        assert wording is not None
        return wording.question.get(self.lang).replace("{organisation}", self.rated)

    def started(self) -> PartnerResponse:
        if self.response is None:
            self.response = responding.start_partner_response(self._invitation(), self.token)
        return self.response


def partner_page(
    request: RespondentRequest,
    visit: PartnerVisit,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    base = {
        "pvisit": visit,
        "partner_round": visit.round,
        "rated": visit.rated,
        "languages": LANGUAGE_CHOICES,
    }
    return quiet(render(request, template, {**base, **(context or {})}, status=status))


def _closed(request: RespondentRequest, visit: PartnerVisit) -> HttpResponse | None:
    if visit.round.is_open:
        return None
    if request.htmx:
        return status_fragment(request, str(responding.closed_error()), 410)
    return partner_page(request, visit, "partnerview/closed.html", status=410)


def _visit(token: str) -> PartnerVisit | None:
    return visit_of(
        token, PartnerVisit, responding.find_partner_response, responding.find_partner_invitation
    )


def partner_respondent(
    view: Callable[Concatenate[RespondentRequest, PartnerVisit, P], HttpResponse],
) -> TokenView[P]:
    """Find the response or invitation by the token, refuse a closed round, and render in the
    partner's language rather than the browser's; an unknown token counts as a guess."""
    return token_view(view, _visit, _closed)
