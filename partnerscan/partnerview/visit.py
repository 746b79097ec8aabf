"""A partner's visit: the token in the path finds their response or their invitation, every page
answers in their language, or says the link is unknown or the round has closed.

Everything hangs on the token in the path, so a partner resumes on any device with the same
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
from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.core import ratelimit
from partnerscan.partnerview import responding
from partnerscan.partnerview.models import PartnerInvitation, PartnerResponse, PartnerRound

P = ParamSpec("P")


@dataclass
class PartnerVisit:
    """One request of a partner: their response once started, else their invitation."""

    token: str
    response: PartnerResponse | None
    found_invitation: PartnerInvitation | None = None

    @property
    def invitation(self) -> PartnerInvitation | None:
        if self.found_invitation is None:
            self.found_invitation = responding.find_partner_invitation(self.token)
        return self.found_invitation

    def _invitation(self) -> PartnerInvitation:
        # The decorator makes a visit without a response only from a found invitation.
        invitation = self.invitation
        assert invitation is not None
        return invitation

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
        """The response, made by the first POST that needs one, never by a GET: a mail
        scanner or chat preview that opens the link makes no respondent."""
        if self.response is None:
            self.response = responding.start_partner_response(self._invitation(), self.token)
        return self.response

    def url(self, name: str) -> str:
        return reverse(f"partner-{name}", args=[self.token])


def unknown_token(request: RespondentRequest) -> HttpResponse:
    """A token that opens nothing: counted towards the network's guesses, as in the scans."""
    wait = ratelimit.token_limit().retry_after(request)
    if wait:
        return limited(request, "respond/rate_limited.html", wait)
    ratelimit.token_limit().fail(request)
    return not_found(request)


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


class TokenView(Protocol[P]):
    def __call__(
        self, request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse: ...


def partner_respondent(
    view: Callable[Concatenate[RespondentRequest, PartnerVisit, P], HttpResponse],
) -> TokenView[P]:
    """Find the response or invitation by the token, refuse a closed round, and render in the
    partner's language rather than the browser's."""

    def wrapper(
        request: RespondentRequest, token: str, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponse:
        response = responding.find_partner_response(token)
        invitation = None if response else responding.find_partner_invitation(token)
        if response is None and invitation is None:
            return unknown_token(request)
        visit = PartnerVisit(token, response, invitation)
        with translation.override(visit.lang):
            page = _closed(request, visit) or view(request, visit, *args, **kwargs)
            page.headers["Content-Language"] = translation.get_language()
        return page

    update_wrapper(wrapper, view)
    return wrapper
