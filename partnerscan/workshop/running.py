"""Running a live workshop: the facilitator puts an item on the screens, opens, closes and
reveals its votes and records the agreed level; the projector shows the room what it may see.

The projector shows during an open vote only how many voted (no anchoring on others' votes),
and after the reveal the votes beside the scan's — each only on at least 3 votes (screens.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.assessments import qr
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import reader_lang
from partnerscan.workshop import domain, dot_screens, screens
from partnerscan.workshop.access import access_workshop
from partnerscan.workshop.forms import AgreementForm
from partnerscan.workshop.links import join_url
from partnerscan.workshop.models import Ballot, Workshop
from partnerscan.workshop.polling import unchanged, unchanged_answer
from partnerscan.workshop.views import acted, item_of


@login_required
@require_POST
def item_show(request: MemberRequest, workshop_id: int, item_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    item = item_of(found, item_id)
    return acted(request, found, lambda: domain.show_item(item, request.user), f"i{item.pk}")


@login_required
@require_POST
def vote_open(request: MemberRequest, workshop_id: int, item_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    item = item_of(found, item_id)
    return acted(request, found, lambda: domain.open_ballot(item, request.user), f"i{item.pk}")


def _ballot(workshop: Workshop, ballot_id: int) -> Ballot:
    ballots = Ballot.objects.select_related("item")
    ballot = get_object_or_404(ballots, pk=ballot_id, item__workshop=workshop)
    ballot.item.workshop = workshop
    return ballot


@login_required
@require_POST
def vote_close(request: MemberRequest, workshop_id: int, ballot_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    ballot = _ballot(found, ballot_id)
    anchor = f"i{ballot.item_id}"
    return acted(request, found, lambda: domain.close_ballot(ballot, request.user), anchor)


@login_required
@require_POST
def vote_reveal(request: MemberRequest, workshop_id: int, ballot_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    ballot = _ballot(found, ballot_id)
    anchor = f"i{ballot.item_id}"
    return acted(request, found, lambda: domain.reveal_ballot(ballot, request.user), anchor)


@login_required
@require_POST
def agreement(request: MemberRequest, workshop_id: int, item_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    item = item_of(found, item_id)
    form = AgreementForm(request.POST)

    def save() -> None:
        if not form.is_valid():
            raise DomainError(_("The agreed level was not saved: choose a level from 1 to 5."))
        data = form.cleaned_data
        domain.record_agreement(item, data["level"], data["note"], request.user)

    return acted(request, found, save, f"i{item.pk}")


def _stage(request: MemberRequest, workshop: Workshop) -> dict[str, Any]:
    lang = reader_lang(request)
    joined, open_ballot = screens.counts(workshop)
    dots = dot_screens.dots_view(workshop, lang)
    return {
        "workshop": workshop,
        "joined": joined,
        "open_ballot": open_ballot,
        "current": screens.current_view(workshop, lang),
        "dots": dots,
        "dots_on_screens": dot_screens.on_screens(workshop, dots),
    }


@login_required
@require_GET
def projector(request: MemberRequest, workshop_id: int) -> HttpResponse:
    found, _membership = access_workshop(request, workshop_id)
    url = join_url(found.code)
    context = {
        **_stage(request, found),
        "join_url": url,
        "short_url": url.split("://", 1)[-1],
        "qr": qr.svg(url, _("QR code to join the workshop")),
    }
    return render(request, "workshop/projector.html", context)


@login_required
@require_GET
def projector_poll(request: MemberRequest, workshop_id: int) -> HttpResponse:
    """The projector's stage, or 204 while the session has not changed."""
    found, _membership = access_workshop(request, workshop_id)
    if unchanged(request, found.version):
        return unchanged_answer()
    return render(request, "workshop/_projector_stage.html", _stage(request, found))
