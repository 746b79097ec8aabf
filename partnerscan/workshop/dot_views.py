"""The facilitator's side of the dot vote on actions: prepare it (the leads' next steps come
first), change its list, set the dots, open, close and reveal it, and put the chosen actions in
the plan. Owners and editors only (access.py); every change is a workflow in domain.py.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnerscan.accounts.models import User
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import reader_lang
from partnerscan.workshop import domain
from partnerscan.workshop.access import access_workshop
from partnerscan.workshop.forms import CandidateForm, DotSettingsForm, PlanForm, aspect_choices
from partnerscan.workshop.models import CandidateAction, Workshop
from partnerscan.workshop.views import acted

ANCHOR = "dots"


def _step(
    request: MemberRequest, workshop_id: int, run: Callable[[Workshop, User | None], object]
) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    return acted(request, found, lambda: run(found, request.user), ANCHOR)


@login_required
@require_POST
def prepare(request: MemberRequest, workshop_id: int) -> HttpResponse:
    return _step(request, workshop_id, domain.prepare_dot_vote)


@login_required
@require_POST
def open_dots(request: MemberRequest, workshop_id: int) -> HttpResponse:
    return _step(request, workshop_id, domain.open_dots)


@login_required
@require_POST
def close_dots(request: MemberRequest, workshop_id: int) -> HttpResponse:
    return _step(request, workshop_id, domain.close_dots)


@login_required
@require_POST
def reveal_dots(request: MemberRequest, workshop_id: int) -> HttpResponse:
    return _step(request, workshop_id, domain.reveal_dots)


@login_required
@require_POST
def show_dots(request: MemberRequest, workshop_id: int) -> HttpResponse:
    return _step(request, workshop_id, domain.show_dots)


@login_required
@require_POST
def settings(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    form = DotSettingsForm(request.POST)

    def save() -> None:
        if not form.is_valid():
            raise DomainError(_("The dots were not set: dots per participant is at least 1."))
        data = form.cleaned_data
        domain.set_dots(found, data["budget"], data["cap"], data["suggestions"], request.user)

    return acted(request, found, save, ANCHOR)


def _candidate_form(request: MemberRequest, workshop: Workshop) -> CandidateForm:
    form = CandidateForm(aspect_choices(workshop, reader_lang(request)), request.POST)
    if not form.is_valid():
        field = next(iter(form.errors), "description")
        label = form.fields[field].label if field in form.fields else field
        raise DomainError(_("The action was not saved: check “%(field)s”.") % {"field": label})
    return form


@login_required
@require_POST
def candidate_add(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)

    def save() -> None:
        data = _candidate_form(request, found).cleaned_data
        domain.add_candidate(found, data["aspect"], data["description"], request.user)

    return acted(request, found, save, ANCHOR)


def candidate_of(workshop: Workshop, candidate_id: int) -> CandidateAction:
    candidate = get_object_or_404(CandidateAction, pk=candidate_id, workshop=workshop)
    candidate.workshop = workshop
    return candidate


@login_required
@require_POST
def candidate_edit(request: MemberRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    candidate = candidate_of(found, candidate_id)

    def save() -> None:
        data = _candidate_form(request, found).cleaned_data
        domain.edit_candidate(candidate, data["aspect"], data["description"], request.user)

    return acted(request, found, save, ANCHOR)


@login_required
@require_POST
def candidate_remove(request: MemberRequest, workshop_id: int, candidate_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    candidate = candidate_of(found, candidate_id)
    return acted(request, found, lambda: domain.remove_candidate(candidate, request.user), ANCHOR)


@login_required
@require_POST
def plan(request: MemberRequest, workshop_id: int) -> HttpResponse:
    """The ticked actions become plan entries, in one step; ticked twice, made once."""
    found, _membership = access_workshop(request, workshop_id)
    choices = [(c.pk, str(c.pk)) for c in found.candidates.all()]
    form = PlanForm(choices, request.POST)

    def save() -> None:
        if not form.is_valid():
            raise DomainError(_("Tick at least one action and name an owner."))
        data = form.cleaned_data
        lang = reader_lang(request)
        made = domain.plan_winners(found, data["chosen"], data["owner"], lang, request.user)
        said = ngettext(
            "%(n)d action put in the plan.", "%(n)d actions put in the plan.", len(made)
        )
        messages.success(request, said % {"n": len(made)})

    return acted(request, found, save, ANCHOR)
