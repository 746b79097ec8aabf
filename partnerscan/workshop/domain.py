"""The facilitator's workflows of a workshop: start it from a closed round with a proposed
agenda, change the agenda, go live, put an item on the screens, run its votes, record the agreed
level, run the dot vote on actions and put its winners in the plan, end it. Each is atomic and
audited, locks the workshop row first (so two facilitators' clicks and the participants' votes
queue up in one order), and bumps the workshop's `version`; what the phones show also bumps its
`stage` (models.py). The participants' side is in
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
from partnerscan.plans import domain as plans
from partnerscan.plans.models import Action
from partnerscan.scoring import exact, stats
from partnerscan.workshop import agenda
from partnerscan.workshop.codes import new_code
from partnerscan.workshop.models import (
    MAX_ACTION,
    MAX_NOTE,
    AgendaItem,
    Ballot,
    CandidateAction,
    DotVote,
    Reason,
    Workshop,
)

MAX_ITEMS = 40
MAX_CANDIDATES = 30
MAX_DOTS = 20


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
        if DotVote.objects.filter(workshop=workshop, state=DotVote.State.OPEN).exists():
            raise DomainError(_("The dot vote is open; close it first."))
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
    """For good: open votes and an open dot vote close (unrevealed), the phones say thank you,
    and the join code is free for another session. A revealed dot vote's actions may still be
    put in the plan."""
    with transaction.atomic():
        workshop = _locked(workshop)
        if workshop.is_ended:
            return workshop
        Ballot.objects.filter(item__workshop=workshop, state=Ballot.State.OPEN).update(
            state=Ballot.State.CLOSED
        )
        DotVote.objects.filter(workshop=workshop, state=DotVote.State.OPEN).update(
            state=DotVote.State.CLOSED
        )
        workshop.state, workshop.ended_at = Workshop.State.ENDED, timezone.now()
        _changed(workshop, "state", "ended_at")
        _record(Event.WORKSHOP_ENDED, workshop, by, "workshop_ended")
        return workshop


def prepare_dot_vote(workshop: Workshop, by: User | None) -> DotVote:
    """The dot vote, its list started with the next step of each lead on the agenda (the
    model's step for the level the round is at, as the dashboard's leads say it)."""
    with transaction.atomic():
        workshop = _locked(workshop)
        _refuse_ended(workshop)
        found = DotVote.objects.filter(workshop=workshop).first()
        if found is not None:
            return found
        dot_vote = DotVote.objects.create(workshop=workshop)
        leads = [item for item in workshop.items.all() if Reason.LEAD in item.reasons]
        CandidateAction.objects.bulk_create(
            CandidateAction(
                workshop=workshop,
                position=position,
                aspect=item.aspect,
                step_level=_level_of(item),
                source=CandidateAction.Source.LEAD,
            )
            for position, item in enumerate(leads, start=1)
        )
        _changed(workshop)
        _record(Event.WORKSHOP_DOTS_CHANGED, workshop, by, "workshop_dots_prepared", n=len(leads))
        return dot_vote


def _level_of(item: AgendaItem) -> int:
    """The level of the scan's mean, exact from the counts where the dashboard has them."""
    if item.scan_counts is not None:
        return stats.level_of(exact.mean(item.scan_counts)) or 1
    return stats.level_of(item.scan_mean) or 1


def add_candidate(
    workshop: Workshop, aspect: str, description: str, by: User | None
) -> CandidateAction:
    with transaction.atomic():
        workshop, _dot_vote = _dots_editable(workshop)
        description = checked_action(workshop, aspect, description)
        candidate = new_candidate(workshop, aspect, description, CandidateAction.Source.FACILITATOR)
        _changed(workshop)
        _record_candidate(workshop, by, "workshop_candidate_added", candidate)
        return candidate


def new_candidate(
    workshop: Workshop, aspect: str, description: str, source: str, **fields: object
) -> CandidateAction:
    """At the end of the list, within its size (the caller holds the workshop's lock)."""
    if workshop.candidates.count() >= MAX_CANDIDATES:
        raise DomainError(_("The list has at most %(n)d actions.") % {"n": MAX_CANDIDATES})
    last = workshop.candidates.aggregate(last=Max("position"))["last"] or 0
    return CandidateAction.objects.create(
        workshop=workshop,
        position=last + 1,
        aspect=aspect,
        description=description,
        source=source,
        **fields,
    )


def edit_candidate(
    candidate: CandidateAction, aspect: str, description: str, by: User | None
) -> CandidateAction:
    """New wording (a lead's next step then keeps the facilitator's text), or another aspect;
    only before the dot vote opens, so no dot ever lies on words that changed under it."""
    with transaction.atomic():
        workshop, dot_vote = _dots_editable(candidate.workshop)
        if not dot_vote.is_prepared:
            raise DomainError(_("An action is changed before the dot vote opens."))
        candidate = _untouched(workshop, candidate)
        candidate.description = checked_action(workshop, aspect, description)
        candidate.aspect = aspect
        candidate.save(update_fields=["aspect", "description"])
        _changed(workshop)
        _record_candidate(workshop, by, "workshop_candidate_changed", candidate)
        return candidate


def remove_candidate(candidate: CandidateAction, by: User | None) -> None:
    """Off the list (a suggestion that does not belong there, say) until the dot vote closes.
    Whatever dots lie on it go back to their participants. Removing is never refused because
    of dots: a refusal would tell the facilitator that someone put a dot there."""
    with transaction.atomic():
        workshop, _dot_vote = _dots_editable(candidate.workshop)
        candidate = workshop.candidates.get(pk=candidate.pk)
        _record_candidate(workshop, by, "workshop_candidate_removed", candidate)
        candidate.delete()
        _changed(workshop)


def _untouched(workshop: Workshop, candidate: CandidateAction) -> CandidateAction:
    found = workshop.candidates.get(pk=candidate.pk)
    if found.dots.exists():
        raise DomainError(_("This action has dots on it; it stays as it is."))
    return found


def checked_action(workshop: Workshop, aspect: str, description: str) -> str:
    """The description, trimmed, of an action on an aspect of the round's model."""
    description = " ".join(description.split())
    if aspect not in {a.id for a in workshop.assessment.capability_model.aspects}:
        raise DomainError(_("Choose an aspect of the model for the action."))
    if not description:
        raise DomainError(_("Describe the action."))
    if len(description) > MAX_ACTION:
        raise DomainError(_("An action may have at most %(n)d characters.") % {"n": MAX_ACTION})
    return description


def set_dots(
    workshop: Workshop, budget: int, cap: int | None, suggestions: bool, by: User | None
) -> Workshop:
    """The dots per participant and the most on one action, before the dot vote opens;
    whether participants may suggest actions, until it closes."""
    if not 1 <= budget <= MAX_DOTS:
        raise DomainError(_("Dots per participant: 1 to %(n)d.") % {"n": MAX_DOTS})
    if cap is not None and not 1 <= cap <= budget:
        raise DomainError(_("Most dots on one action: 1 to the dots per participant, or none."))
    with transaction.atomic():
        workshop, dot_vote = _dots_editable(workshop)
        if (budget, cap) != (workshop.dot_budget, workshop.dot_cap) and not dot_vote.is_prepared:
            raise DomainError(_("The dots are set before the dot vote opens."))
        workshop.dot_budget, workshop.dot_cap = budget, cap
        dot_vote.suggestions = suggestions
        dot_vote.save(update_fields=["suggestions"])
        _changed(workshop, "dot_budget", "dot_cap")
        code = "workshop_dots_settings"
        _record(
            Event.WORKSHOP_DOTS_CHANGED,
            workshop,
            by,
            code,
            budget=budget,
            cap=cap,
            suggestions=suggestions,
        )
        return workshop


def open_dots(workshop: Workshop, by: User | None) -> DotVote:
    """Open the dot vote and put it on the screens."""
    with transaction.atomic():
        workshop = _live(workshop)
        dot_vote = _dot_vote(workshop, DotVote.State.PREPARED)
        if not workshop.candidates.exists():
            raise DomainError(_("Put at least one action on the list first."))
        if Ballot.objects.filter(item__workshop=workshop, state=Ballot.State.OPEN).exists():
            raise DomainError(_("Another vote is open; close it first."))
        return _dots_move(workshop, dot_vote, DotVote.State.OPEN, Event.WORKSHOP_DOTS_OPENED, by)


def close_dots(workshop: Workshop, by: User | None) -> DotVote:
    """No more dots or changes; the totals stay hidden until the reveal."""
    with transaction.atomic():
        workshop = _live(workshop)
        dot_vote = _dot_vote(workshop, DotVote.State.OPEN)
        state = DotVote.State.CLOSED
        return _dots_move(workshop, dot_vote, state, Event.WORKSHOP_DOTS_CLOSED, by)


def reveal_dots(workshop: Workshop, by: User | None) -> DotVote:
    """Show the totals on the screens (only when at least 3 participants placed dots)."""
    with transaction.atomic():
        workshop = _live(workshop)
        dot_vote = _dot_vote(workshop, DotVote.State.CLOSED)
        state = DotVote.State.REVEALED
        return _dots_move(workshop, dot_vote, state, Event.WORKSHOP_DOTS_REVEALED, by)


def show_dots(workshop: Workshop, by: User | None) -> None:
    """The dot vote on the projector and the phones instead of an agenda item."""
    with transaction.atomic():
        workshop = _live(workshop)
        dot_vote = DotVote.objects.filter(workshop=workshop).first()
        if dot_vote is None or dot_vote.is_prepared and not dot_vote.suggestions:
            raise DomainError(_("Open the dot vote or let participants suggest actions first."))
        if workshop.current_id is not None:
            workshop.current = None
            _changed(workshop, "current")


def _dots_move(
    workshop: Workshop, dot_vote: DotVote, becomes: str, event: Event, by: User | None
) -> DotVote:
    dot_vote.state = becomes
    dot_vote.save(update_fields=["state"])
    workshop.current = None
    _changed(workshop, "current")
    _record(event, workshop, by, "workshop_dots")
    return dot_vote


def _dot_vote(workshop: Workshop, state: str) -> DotVote:
    dot_vote = DotVote.objects.filter(workshop=workshop).first()
    if dot_vote is None:
        raise DomainError(_("Prepare the dot vote first."))
    if dot_vote.state != state:
        said = {"state": dot_vote.get_state_display()}
        raise DomainError(_("The dot vote is %(state)s.") % said)
    return dot_vote


def _dots_editable(workshop: Workshop) -> tuple[Workshop, DotVote]:
    """The locked workshop and its dot vote, whose list may still change."""
    workshop = _locked(workshop)
    _refuse_ended(workshop)
    dot_vote = DotVote.objects.filter(workshop=workshop).first()
    if dot_vote is None:
        raise DomainError(_("Prepare the dot vote first."))
    if dot_vote.is_closed or dot_vote.is_revealed:
        raise DomainError(_("The dot vote is closed; its list stays as it is."))
    return workshop, dot_vote


def plan_winners(
    workshop: Workshop, chosen: list[int], owner: str, lang: str, by: User | None
) -> list[Action]:
    """The chosen actions of a revealed dot vote as entries of the round's plan, in one step:
    their aspect and description, and the level the room agreed on for that aspect as the
    target. The facilitator fills in owner and date on the plan page. An action already put in
    the plan is skipped, so pressing again makes nothing new."""
    owner = owner.strip()
    if not owner:
        raise DomainError(_("Name an owner for the new plan entries."))
    with transaction.atomic():
        workshop = _locked(workshop)
        dot_vote = DotVote.objects.filter(workshop=workshop).first()
        if dot_vote is None or not dot_vote.is_revealed:
            raise DomainError(_("Reveal the dot vote first."))
        candidates = list(workshop.candidates.filter(pk__in=chosen, planned_at__isnull=True))
        agreed = dict(workshop.items.values_list("aspect", "agreed_level"))
        model, created = workshop.assessment.capability_model, []
        for candidate in candidates:
            action = plans.create_action(
                workshop.assessment,
                by,
                aspect=candidate.aspect,
                description=candidate.text(model, lang),
                owner=owner[:150],
                target_level=agreed.get(candidate.aspect),
            )
            candidate.action, candidate.planned_at = action, timezone.now()
            candidate.save(update_fields=["action", "planned_at"])
            created.append(action)
        if created:
            _changed(workshop)
            event = Event.WORKSHOP_ACTIONS_PLANNED
            _record(event, workshop, by, "workshop_dots_planned", n=len(created))
        return created


def _record_candidate(
    workshop: Workshop, by: User | None, code: str, candidate: CandidateAction
) -> None:
    aspect = workshop.assessment.capability_model.aspect(candidate.aspect)
    names = {"nl": aspect.name.nl, "en": aspect.name.en}
    event = Event.WORKSHOP_DOTS_CHANGED
    _record(
        event, workshop, by, code, candidate=candidate.pk, aspect_id=candidate.aspect, aspect=names
    )


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
