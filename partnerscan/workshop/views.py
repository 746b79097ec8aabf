"""The facilitator's pages of a workshop: the round's workshops and the start, the control page
with its agenda, and the agenda's changes. Owners and editors only (access.py); the votes and
the projector are in `running.py`.

The control page shows how many joined and how many voted in the open vote, never who: the
participants are nobody in particular (docs/workshop.md).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang
from partnerscan.workshop import domain, dot_screens, screens
from partnerscan.workshop.access import access_workshop
from partnerscan.workshop.forms import AddItemForm, AgreementForm, StartForm, dot_forms
from partnerscan.workshop.links import join_url
from partnerscan.workshop.models import AgendaItem, Workshop
from partnerscan.workshop.polling import unchanged, unchanged_answer


@login_required
@require_GET
def workshops(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "workshops": assessment.workshops.all(),
        "start_form": StartForm(),
    }
    return page(request, "workshop/list.html", context)


@login_required
@require_POST
def workshop_start(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = StartForm(request.POST)
    title = form.cleaned_data["title"] if form.is_valid() else ""
    try:
        workshop = domain.start_workshop(assessment, request.user, title)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("workshops", args=[assessment.pk]))
    return redirect(reverse("workshop", args=[workshop.pk]))


def _control_context(request: MemberRequest, workshop: Workshop) -> dict[str, Any]:
    lang = reader_lang(request)
    items = list(workshop.items.all())
    model = workshop.assessment.capability_model
    joined, open_ballot = screens.counts(workshop)
    left_out = {a.id for a in model.aspects} - {item.aspect for item in items}
    views = screens.item_views(workshop, items, lang)
    dots = dot_screens.dots_view(workshop, lang)
    return {
        "dots": dots,
        "dots_on_screens": dot_screens.on_screens(workshop, dots),
        **(dot_forms(workshop, dots, lang) if dots is not None else {}),
        "workshop": workshop,
        "assessment": workshop.assessment,
        "organisation": workshop.assessment.organisation,
        "items": [(view, _agreement_form(view.item)) for view in views],
        "joined": joined,
        "open_ballot": open_ballot,
        **_dot_counts(workshop),
        "add_form": AddItemForm(model, lang, left_out) if left_out else None,
        "join_url": join_url(workshop.code),
    }


def _dot_counts(workshop: Workshop) -> dict[str, int | None]:
    voters, listed = dot_screens.dot_counts(workshop)
    return {"dot_voters": voters, "dot_actions": listed}


def _agreement_form(item: AgendaItem) -> AgreementForm:
    return AgreementForm(initial={"level": item.agreed_level, "note": item.note})


@login_required
@require_GET
def workshop(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    return page(request, "workshop/control.html", _control_context(request, found))


@login_required
@require_GET
def workshop_poll(request: MemberRequest, workshop_id: int) -> HttpResponse:
    """The control page's counts, or 204 while the session has not changed."""
    found, _membership = access_workshop(request, workshop_id)
    if unchanged(request, found.version):
        return unchanged_answer()
    joined, open_ballot = screens.counts(found)
    context = {"workshop": found, "joined": joined, "open_ballot": open_ballot}
    context |= _dot_counts(found)
    return render(request, "workshop/_control_counts.html", context)


def acted(
    request: MemberRequest, workshop: Workshop, action: Callable[[], object], anchor: str = ""
) -> HttpResponse:
    """Run a workflow; a refusal becomes a message. Back to the control page, at `anchor`."""
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("workshop", args=[workshop.pk]) + (f"#{anchor}" if anchor else ""))


def item_of(workshop: Workshop, item_id: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem, pk=item_id, workshop=workshop)
    item.workshop = workshop
    return item


@login_required
@require_POST
def item_add(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    aspect = request.POST.get("aspect", "")
    return acted(request, found, lambda: domain.add_item(found, aspect, request.user), "agenda")


@login_required
@require_POST
def item_remove(request: MemberRequest, workshop_id: int, item_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    item = item_of(found, item_id)
    return acted(request, found, lambda: domain.remove_item(item, request.user), "agenda")


@login_required
@require_POST
def item_move(request: MemberRequest, workshop_id: int, item_id: int) -> HttpResponse:
    """One place up or down the agenda."""
    found, _membership = access_workshop(request, workshop_id)
    item = item_of(found, item_id)
    order = list(found.items.values_list("pk", flat=True))
    at = order.index(item.pk)
    to = at - 1 if request.POST.get("direction") == "up" else at + 1
    if 0 <= to < len(order):
        order[at], order[to] = order[to], order[at]
    return acted(request, found, lambda: domain.reorder(found, order, request.user), f"i{item.pk}")


@login_required
@require_POST
def go_live(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    return acted(request, found, lambda: domain.go_live(found, request.user))


@login_required
@require_POST
def workshop_end(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    return acted(request, found, lambda: domain.end_workshop(found, request.user))
