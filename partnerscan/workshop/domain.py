"""The facilitator's workflows of a workshop: start it from a closed round with a proposed
agenda, change the agenda, go live, put an item on the screens, run its votes, record the agreed
level, end it. Each is atomic and audited, locks the workshop row first (so two facilitators'
clicks and the participants' votes queue up in one order), and bumps the workshop's `version`;
what the phones show also bumps its `stage` (models.py). The participants' side is in
`participating.py`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError
from partnerscan.workshop import agenda
from partnerscan.workshop.codes import new_code
from partnerscan.workshop.models import MAX_NOTE, AgendaItem, Ballot, Reason, Workshop

MAX_ITEMS = 40


def start_workshop(assessment: Assessment, by: User | None, title: str = "") -> Workshop:
    """A workshop in preparation on a closed round with results, its agenda proposed."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_closed:
            raise DomainError(_("A workshop starts from a closed round; close this one first."))
        figures = agenda.round_figures(assessment)
        if figures.results is None:
            raise DomainError(_("This round has too few respondents for results to discuss."))
        workshop = Workshop.objects.create(
            assessment=assessment,
            title=title.strip()[:200] or _("Workshop on %(round)s") % {"round": assessment.title},
            code=_free_code(),
            created_by=by,
        )
        proposed = agenda.proposal(figures)
        AgendaItem.objects.bulk_create(
            _item(workshop, position, p.aspect, list(p.reasons), p.figures)
            for position, p in enumerate(proposed, start=1)
        )
        _record(Event.WORKSHOP_STARTED, workshop, by, "workshop_started", items=len(proposed))
        return workshop


def _free_code() -> str:
    """A code no running session has; six characters of 32 leave a clash very unlikely, and
    the database's unique constraint refuses one that slips through."""
    for _attempt in range(20):
        code = new_code()
        if not Workshop.objects.filter(code=code).exclude(state=Workshop.State.ENDED).exists():
            return code
    raise DomainError(_("No free join code was found; please try again."))


def _item(
    workshop: Workshop, position: int, aspect: str, reasons: list[str], figures: agenda.Figures
) -> AgendaItem:
    counts = list(figures.scan_counts) if figures.scan_counts is not None else None
    return AgendaItem(
        workshop=workshop,
        position=position,
        aspect=aspect,
        reasons=reasons,
        scan_mean=figures.scan_mean,
        scan_n=figures.scan_n,
        scan_counts=counts,
        partner_mean=figures.partner_mean,
    )


def add_item(workshop: Workshop, aspect_id: str, by: User | None) -> AgendaItem:
    """Any aspect of the round's model, at the end of the agenda."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _refuse_ended(workshop)
        model = workshop.assessment.capability_model
        if aspect_id not in {a.id for a in model.aspects}:
            raise DomainError(_("Choose an aspect of the model."))
        if workshop.items.filter(aspect=aspect_id).exists():
            raise DomainError(_("This aspect is already on the agenda."))
        if workshop.items.count() >= MAX_ITEMS:
            raise DomainError(_("An agenda has at most %(n)d items.") % {"n": MAX_ITEMS})
        last = workshop.items.aggregate(last=Max("position"))["last"] or 0
        figures = agenda.round_figures(workshop.assessment).of(aspect_id)
        item = _item(workshop, last + 1, aspect_id, [Reason.ADDED.value], figures)
        item.save()
        _changed(workshop)
        _record(Event.WORKSHOP_AGENDA_CHANGED, workshop, by, "workshop_item_added", item=item)
        return item


def remove_item(item: AgendaItem, by: User | None) -> None:
    """Off the agenda, unless the room has voted on it already."""
    with transaction.atomic():
        workshop = _locked(item.workshop)
        _refuse_ended(workshop)
        item = workshop.items.get(pk=item.pk)
        if item.ballots.exists():
            raise DomainError(_("This item has votes; it stays on the agenda."))
        removed = item.pk
        item.delete()
        _renumber(workshop, list(workshop.items.values_list("pk", flat=True)))
        if workshop.current_id == removed:
            workshop.current = None
        _changed(workshop, "current")
        _record(Event.WORKSHOP_AGENDA_CHANGED, workshop, by, "workshop_item_removed", item=item)


def reorder(workshop: Workshop, order: list[int], by: User | None) -> None:
    """Put the agenda in the order of the item ids given: every item of the agenda, once."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _refuse_ended(workshop)
        if sorted(order) != sorted(workshop.items.values_list("pk", flat=True)):
            raise DomainError(_("The agenda changed meanwhile; please try again."))
        _renumber(workshop, order)
        _changed(workshop)
        _record(Event.WORKSHOP_AGENDA_CHANGED, workshop, by, "workshop_agenda_reordered")


def _renumber(workshop: Workshop, order: list[int]) -> None:
    items = {item.pk: item for item in workshop.items.all()}
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    AgendaItem.objects.bulk_update(items.values(), ["position"])


def go_live(workshop: Workshop, by: User | None) -> Workshop:
    with transaction.atomic():
        workshop = _locked(workshop)
        if not workshop.is_draft:
            raise DomainError(_("Only a workshop in preparation can go live."))
        if not workshop.items.exists():
            raise DomainError(_("Put at least one aspect on the agenda first."))
        workshop.state = Workshop.State.LIVE
        _changed(workshop, "state")
        _record(Event.WORKSHOP_LIVE, workshop, by, "workshop_live")
        return workshop


def show_item(item: AgendaItem, by: User | None) -> None:
    """Put an item on the projector and the phones (no vote yet)."""
    with transaction.atomic():
        workshop = _live(item.workshop)
        if workshop.current_id != item.pk:
            workshop.current = workshop.items.get(pk=item.pk)
            _changed(workshop, "current")


def open_ballot(item: AgendaItem, by: User | None) -> Ballot:
    """The item's first vote, or its second once the first has been revealed. One vote is
    open at a time, and its item is on the screens."""
    with transaction.atomic():
        workshop = _live(item.workshop)
        item = workshop.items.get(pk=item.pk)
        if Ballot.objects.filter(item__workshop=workshop, state=Ballot.State.OPEN).exists():
            raise DomainError(_("Another vote is open; close it first."))
        last = item.ballots.order_by("-number").first()
        if last is not None and last.number >= 2:
            raise DomainError(_("This item has had its two votes."))
        if last is not None and not last.is_revealed:
            raise DomainError(_("Reveal the first vote before opening a second one."))
        ballot = Ballot.objects.create(item=item, number=1 if last is None else 2)
        workshop.current = item
        _changed(workshop, "current")
        _record(Event.WORKSHOP_VOTE_OPENED, workshop, by, "workshop_vote", ballot=ballot)
        return ballot


def close_ballot(ballot: Ballot, by: User | None) -> Ballot:
    """No more votes or changes; the spread stays hidden until the reveal."""
    return _move(ballot, Ballot.State.OPEN, Ballot.State.CLOSED, Event.WORKSHOP_VOTE_CLOSED, by)


def reveal_ballot(ballot: Ballot, by: User | None) -> Ballot:
    """Show the closed vote's spread on the screens (only on at least 3 votes, views.py)."""
    state = Ballot.State
    return _move(ballot, state.CLOSED, state.REVEALED, Event.WORKSHOP_VOTE_REVEALED, by)


def _move(
    ballot: Ballot, was: Ballot.State, becomes: Ballot.State, event: Event, by: User | None
) -> Ballot:
    with transaction.atomic():
        workshop = _live(ballot.item.workshop)
        ballot = Ballot.objects.select_related("item").get(pk=ballot.pk, item__workshop=workshop)
        if ballot.state != was:
            raise DomainError(_("This vote is %(state)s.") % {"state": ballot.get_state_display()})
        ballot.state = becomes
        ballot.save(update_fields=["state"])
        _changed(workshop)
        _record(event, workshop, by, "workshop_vote", ballot=ballot)
        return ballot


def record_agreement(item: AgendaItem, level: int | None, note: str, by: User | None) -> None:
    """The level the room agreed on (None: not agreed) and a short note."""
    note = note.strip()
    if level is not None and not 1 <= level <= 5:
        raise DomainError(_("An agreed level is 1 to 5."))
    if len(note) > MAX_NOTE:
        raise DomainError(_("The note may have at most %(n)d characters.") % {"n": MAX_NOTE})
    with transaction.atomic():
        workshop = _live(item.workshop)
        item = workshop.items.get(pk=item.pk)
        item.agreed_level, item.note = level, note
        item.save(update_fields=["agreed_level", "note"])
        _changed(workshop)
        _record(Event.WORKSHOP_AGREED, workshop, by, "workshop_agreed", item=item, level=level)


def end_workshop(workshop: Workshop, by: User | None) -> Workshop:
    """For good: open votes close (unrevealed), the phones say thank you, and the join code is
    free for another session."""
    with transaction.atomic():
        workshop = _locked(workshop)
        if workshop.is_ended:
            return workshop
        Ballot.objects.filter(item__workshop=workshop, state=Ballot.State.OPEN).update(
            state=Ballot.State.CLOSED
        )
        workshop.state, workshop.ended_at = Workshop.State.ENDED, timezone.now()
        _changed(workshop, "state", "ended_at")
        _record(Event.WORKSHOP_ENDED, workshop, by, "workshop_ended")
        return workshop


def _locked(workshop: Workshop) -> Workshop:
    workshops = Workshop.objects.select_for_update(of=("self",))
    return workshops.select_related("assessment__organisation").get(pk=workshop.pk)


def _live(workshop: Workshop) -> Workshop:
    workshop = _locked(workshop)
    if not workshop.is_live:
        raise DomainError(_("The workshop is not live."))
    return workshop


def _refuse_ended(workshop: Workshop) -> None:
    if workshop.is_ended:
        raise DomainError(_("The workshop has ended."))


def _changed(workshop: Workshop, *fields: str) -> None:
    """Every change is news for the facilitator and the projector, and these for the phones."""
    workshop.version += 1
    workshop.stage += 1
    workshop.save(update_fields=["version", "stage", *fields])


def _record(
    event: Event,
    workshop: Workshop,
    by: User | None,
    code: str,
    item: AgendaItem | None = None,
    ballot: Ballot | None = None,
    **params: object,
) -> None:
    said = {"workshop": workshop.pk, "title": workshop.title, **params}
    if ballot is not None:
        item, said["number"], said["state"] = ballot.item, ballot.number, ballot.state
    if item is not None:
        aspect = workshop.assessment.capability_model.aspect(item.aspect)
        said |= {"aspect_id": item.aspect, "aspect": {"nl": aspect.name.nl, "en": aspect.name.en}}
    plain = ", ".join(f"{key} {value}" for key, value in said.items() if key != "aspect")
    record(event, user=by, assessment=workshop.assessment, detail=plain, code=code, params=said)
