"""Ways in: the open link that hands out personal links, the personal link itself, its welcome
page and the language switch."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain
from partnerscan.assessments.domain.open_link import OpenLinkFull, WrongAccessCode
from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.models import Assessment, Invitation
from partnerscan.assessments.respond.token_pages import limited, not_found, quiet
from partnerscan.assessments.respond.visit import (
    Visit,
    language_for,
    respondent,
    respondent_page,
    unknown_token,
)
from partnerscan.core import ratelimit


def open_link(request: RespondentRequest, token: str) -> HttpResponse:
    """The one link for everyone: a page with a start button, and on POST a personal link.

    Opening it (GET) writes nothing, so a link scanner in a mail filter or a chat preview
    hands out no personal link and uses none of the cap.
    """
    assessment = domain.find_open_link(token)
    if assessment is None:
        return unknown_token(request, token)
    # Nobody is known yet: the visitor's own language when the round offers it.
    wanted = getattr(request, "LANGUAGE_CODE", "")
    with translation.override(language_for(assessment, wanted)):
        page = _open_link_page(request, token, assessment)
        page.headers["Content-Language"] = translation.get_language()
    return quiet(page)


def _open_link_page(request: RespondentRequest, token: str, assessment: Assessment) -> HttpResponse:
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
    request: RespondentRequest, token: str, assessment: Assessment, context: dict[str, Any]
) -> HttpResponse:
    """Claim a personal link: limited per network, then the code, then the cap."""
    wait = ratelimit.claim_limit().retry_after(request)
    if domain.needs_access_code(assessment):
        wait = max(wait, ratelimit.access_code_limit().retry_after(request))
    if wait:
        return limited(request, "respond/open_limited.html", wait)
    try:
        code = request.POST.get("access_code", "")
        personal = domain.claim_open_link(token, code, translation.get_language())
    except WrongAccessCode as exc:
        ratelimit.access_code_limit().fail(request)
        return render(request, "respond/open.html", {**context, "error": str(exc)}, status=400)
    except OpenLinkFull:
        return render(request, "respond/open_full.html", context, status=409)
    if personal is None:  # closed or disabled since the look-up above
        return not_found(request)
    ratelimit.claim_limit().hit(request)
    return redirect("respond-start", personal)


def _start_page(request: RespondentRequest, visit: Visit) -> HttpResponse:
    context = {
        "personal_url": request.build_absolute_uri(visit.url("start")),
        "show_link": bool(visit.invitation and visit.invitation.kind == Invitation.Kind.OPEN),
        "resume_url": (
            visit.url_of(visit.response.position)
            if visit.response and visit.response.position
            else ""
        ),
    }
    return respondent_page(request, visit, "respond/start.html", context, position="welcome")


@respondent
def start(request: RespondentRequest, visit: Visit) -> HttpResponse:
    """The link itself: the welcome page on a first visit, later the page where they were."""
    if request.method == "POST":
        return redirect(visit.url_of(visit.started().position or "context"))
    if visit.response and visit.response.position:
        return redirect(visit.url_of(visit.response.position))
    return _start_page(request, visit)


@respondent
def welcome(request: RespondentRequest, visit: Visit) -> HttpResponse:
    return _start_page(request, visit)


@require_POST
@respondent
def language(request: RespondentRequest, visit: Visit) -> HttpResponse:
    """Before the first answer the choice goes with the invitation: switching languages
    is not taking part, so it makes no response."""
    code = request.POST.get("language", "")
    if code in visit.languages:
        if visit.response is not None:
            domain.set_language(visit.response, code)
        elif visit.invitation is not None:
            domain.set_invitation_language(visit.invitation, code)
    return redirect(visit.url_of(request.POST.get("next", "")))
