"""A participant's pages on their phone (mounted at /w/): type the code, or open the QR code's
link, and join with one tap; then the live page follows the session by itself.

No account, no name, no e-mail: joining sets a cookie of its own for this session (HttpOnly,
SameSite=Lax, valid only under /w/<code>/), and that cookie is the only key. Reading a page
writes nothing; joining, voting and the language switch are POSTs. An unknown code counts
towards the same per-network limit as a guessed respondent link.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partnerscan.assessments.http import RespondentRequest
from partnerscan.assessments.respond.token_pages import guessed_token, limited, quiet
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core import languages, ratelimit
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import reader_lang
from partnerscan.workshop import dot_screens, participating, screens
from partnerscan.workshop.codes import normalised
from partnerscan.workshop.forms import CandidateForm, JoinForm, VoteForm
from partnerscan.workshop.models import Ballot, CandidateAction, Participant, Rating
from partnerscan.workshop.polling import unchanged, unchanged_answer

COOKIE = "workshop"
COOKIE_AGE = 12 * 60 * 60  # a long day's session


def _key(request: RespondentRequest) -> str | None:
    return request.COOKIES.get(COOKIE)


def _live_url(code: str) -> str:
    return reverse("participant-live", args=[code])


def _forbidden() -> HttpResponse:
    return quiet(HttpResponse(_("Join the session first."), status=403))


def _joined(request: RespondentRequest, code: str, language: str) -> HttpResponse:
    try:
        joined = participating.join(code, _key(request), language)
    except DomainError:
        return guessed_token(request)
    response = redirect(_live_url(code))
    if joined.key != _key(request):
        response.set_cookie(
            COOKIE,
            joined.key,
            max_age=COOKIE_AGE,
            path=reverse("participant-enter", args=[code]),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _language(request: RespondentRequest) -> str:
    return languages.supported(request.GET.get("lang") or reader_lang(request))


@require_http_methods(["GET", "POST"])
def join(request: RespondentRequest) -> HttpResponse:
    """The code as typed; a wrong one is counted as a guess."""
    lang = _language(request)
    form = JoinForm(request.POST or None, initial={"language": lang})
    status = 200
    if request.method == "POST" and form.is_valid():
        wait = ratelimit.token_limit().retry_after(request)
        if wait:
            return limited(request, "respond/rate_limited.html", wait)
        code = normalised(form.cleaned_data["code"])
        if code and participating.running(code) is not None:
            return _joined(request, code, form.cleaned_data["language"] or lang)
        ratelimit.token_limit().fail(request)
        form.add_error("code", _("No session with this code is running. Check the code."))
    if form.errors:
        status = 400
    with translation.override(lang):
        context = {"form": form, "lang": lang, "switch": reverse("participant-join")}
        context["languages"] = languages.NAMES.items()
        return quiet(render(request, "workshop/join.html", context, status=status))


@require_http_methods(["GET", "POST"])
def enter(request: RespondentRequest, code: str) -> HttpResponse:
    """The QR code's link: one button joins. Whoever joined already goes straight on."""
    code = normalised(code)
    workshop = participating.running(code) if code else None
    participant = participating.find_participant(code, _key(request)) if code else None
    if participant is not None and (workshop is None or participant.workshop_id == workshop.pk):
        return redirect(_live_url(code))
    if workshop is None:
        return guessed_token(request)
    lang = _language(request)
    if request.method == "POST":
        return _joined(request, code, request.POST.get("language", lang))
    with translation.override(lang):
        context = {"workshop": workshop, "code": code, "lang": lang, "switch": request.path}
        context["languages"] = languages.NAMES.items()
        return render(request, "workshop/enter.html", context)


def _model(participant: Participant) -> CapabilityModel:
    return participant.workshop.assessment.capability_model


def _phone(participant: Participant, error: str = "") -> dict[str, Any]:
    workshop = participant.workshop
    current, ballot = screens.phone_view(workshop, participant.language)
    mine = None
    if ballot is not None and ballot.is_open:
        mine = Rating.objects.filter(ballot_id=ballot.pk, participant=participant).first()
    dots = dot_screens.dots_view(workshop, participant.language, participant)
    return {
        "workshop": workshop,
        "code": workshop.code,
        "participant": participant,
        "dots": dots,
        "dots_on_screens": dot_screens.on_screens(workshop, dots),
        "suggest_choices": _agenda_aspects(participant) if dots else [],
        "current": current,
        "ballot": ballot,
        "mine": mine,
        "said": screens.confirmation(mine, _model(participant), participant.language),
        "status": dot_screens.phone_status(dots)
        if dots is not None and dot_screens.on_screens(workshop, dots)
        else screens.phone_status(workshop, current, ballot),
        "error": error,
        "languages": list(languages.NAMES.items()),
    }


def _agenda_aspects(participant: Participant) -> list[tuple[str, str]]:
    model, lang = _model(participant), participant.language
    aspects = participant.workshop.items.values_list("aspect", flat=True)
    return [(aspect, model.aspect(aspect).name.get(lang)) for aspect in aspects]


def _live_page(
    request: RespondentRequest, participant: Participant, error: str = ""
) -> HttpResponse:
    with translation.override(participant.language):
        status = 400 if error else 200
        context = _phone(participant, error)
        return quiet(render(request, "workshop/live.html", context, status=status))


@require_GET
def live(request: RespondentRequest, code: str) -> HttpResponse:
    participant = participating.find_participant(code, _key(request))
    if participant is None:
        return redirect(reverse("participant-enter", args=[code]))
    return _live_page(request, participant)


@require_GET
def poll(request: RespondentRequest, code: str) -> HttpResponse:
    """The phone's stage, or 204 while nothing a phone shows has changed (one query)."""
    stage = participating.stage_of(code, _key(request))
    if stage is None:
        return _forbidden()
    if unchanged(request, stage):
        return unchanged_answer()
    participant = participating.find_participant(code, _key(request))
    assert participant is not None
    with translation.override(participant.language):
        context = {**_phone(participant), "oob": True}
        return quiet(render(request, "workshop/_live_stage.html", context))


@require_POST
def vote(request: RespondentRequest, code: str) -> HttpResponse:
    participant = participating.find_participant(code, _key(request))
    if participant is None:
        return _forbidden()
    form = VoteForm(request.POST)
    error, mine = _("Choose a level first."), None
    if form.is_valid():
        data = form.cleaned_data
        try:
            ballot = Ballot(pk=data["ballot"])
            mine = participating.rate(participant, ballot, data["current"], data["ambition"])
            error = ""
        except DomainError as exc:
            error = str(exc)
    if not request.htmx:
        return _live_page(request, participant, error) if error else redirect(_live_url(code))
    with translation.override(participant.language):
        said = screens.confirmation(mine, _model(participant), participant.language)
        context = {"error": error, "said": said}
        status = 409 if error else 200
        return quiet(render(request, "workshop/_vote_status.html", context, status=status))


@require_POST
def dot(request: RespondentRequest, code: str) -> HttpResponse:
    """One dot more or fewer on an action (`candidate`, `change` "add" or "remove"). An action
    of another session is a 404: the cookie opens only its own."""
    participant = participating.find_participant(code, _key(request))
    if participant is None:
        return _forbidden()
    candidate_id = request.POST.get("candidate", "")
    if not candidate_id.isdigit() or len(candidate_id) > 12:
        return quiet(HttpResponse(_("Choose an action."), status=400))
    candidate = get_object_or_404(
        CandidateAction, pk=int(candidate_id), workshop_id=participant.workshop_id
    )
    change = {"add": 1, "remove": -1}.get(request.POST.get("change", ""), 0)
    error = ""
    with translation.override(participant.language):
        try:
            participating.place_dot(participant, candidate, change)
        except DomainError as exc:
            error = str(exc)
    return _dots_answer(request, participant, error)


def _dots_answer(request: RespondentRequest, participant: Participant, error: str) -> HttpResponse:
    """Without JavaScript the live page again; with htmx the dots' block, in place."""
    if not request.htmx and not error:
        return redirect(_live_url(participant.workshop.code))
    if not request.htmx:
        return _live_page(request, participant, error)
    with translation.override(participant.language):
        context = {**_phone(participant), "dots_error": error, "dots_oob": True}
        status = 409 if error else 200
        return quiet(render(request, "workshop/_dots_phone.html", context, status=status))


@require_POST
def suggest(request: RespondentRequest, code: str) -> HttpResponse:
    """An action of the participant's own, on an aspect of the agenda."""
    participant = participating.find_participant(code, _key(request))
    if participant is None:
        return _forbidden()
    form = CandidateForm(_agenda_aspects(participant), request.POST)
    error = ""
    with translation.override(participant.language):
        if form.is_valid():
            data = form.cleaned_data
            try:
                participating.suggest(participant, data["aspect"], data["description"])
            except DomainError as exc:
                error = str(exc)
        else:
            error = _("Choose an aspect and describe the action (at most 300 characters).")
    return _dots_answer(request, participant, error)


@require_POST
def language(request: RespondentRequest, code: str) -> HttpResponse:
    participant = participating.find_participant(code, _key(request))
    if participant is None:
        return _forbidden()
    participating.set_language(participant, request.POST.get("language", ""))
    return redirect(_live_url(code))
