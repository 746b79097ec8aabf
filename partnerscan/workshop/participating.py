"""The participants' workflows: join a session by its code, vote while a vote is open, place
dots on actions while the dot vote is open, suggest an action while the facilitator allows it,
switch language. A participant is the hash of their phone's cookie value (core/tokens.py): the
cookie is the only key, and it opens only the session it was made for.

Not in the audit log, as a respondent's answers are not: the log names who acted, and a
participant is nobody in particular. Joining and voting bump the workshop's `version` (the
facilitator's count and the projector change), never its `stage` (the phones need not redraw).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.core import languages
from partnerscan.core.errors import DomainError
from partnerscan.core.tokens import looks_like_token, new_token, participant_hash
from partnerscan.workshop import domain
from partnerscan.workshop.models import (
    Ballot,
    CandidateAction,
    Dot,
    DotVote,
    Participant,
    Rating,
    Workshop,
)

MAX_SUGGESTIONS = 3  # per participant: enough for an idea or two, not a flood


@dataclass(frozen=True)
class Joined:
    participant: Participant
    key: str  # the cookie value: the one they had, or a new one


def running(code: str) -> Workshop | None:
    """The session a code opens now: in preparation or live, not ended."""
    found = Workshop.objects.filter(code=code).exclude(state=Workshop.State.ENDED)
    return found.select_related("assessment").first()


def find_participant(code: str, key: str | None) -> Participant | None:
    """The participant a cookie value makes of its holder in the session of `code` (ended or
    not); None for no cookie, another session's cookie, or a forged one. One query."""
    if not key or not looks_like_token(key):
        return None
    found = Participant.objects.filter(key_hash=participant_hash(key), workshop__code=code)
    return found.select_related("workshop__assessment", "workshop__current").first()


def join(code: str, key: str | None, language: str) -> Joined:
    """Join the running session of `code`; someone who joined already (their cookie) stays who
    they were, so a second tap or a reload makes no second participant."""
    with transaction.atomic():
        workshop = running(code)
        if workshop is None:
            raise DomainError(_("No session with this code is running."))
        workshop = Workshop.objects.select_for_update().get(pk=workshop.pk)
        known = find_participant(code, key)
        if known is not None and known.workshop_id == workshop.pk:
            return Joined(known, key or "")
        key = new_token()
        participant = Participant.objects.create(
            workshop=workshop,
            key_hash=participant_hash(key),
            language=languages.supported(language),
        )
        _counted(workshop)
        return Joined(participant, key)


def rate(participant: Participant, ballot: Ballot, current: int, ambition: int | None) -> Rating:
    """A participant's levels in an open vote; voting again changes them until it closes."""
    if current not in range(1, 6):
        raise DomainError(_("Choose a level from 1 to 5."))
    if ambition is not None and ambition not in range(1, 6):
        raise DomainError(_("An ambition is a level from 1 to 5, or none."))
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=participant.workshop_id)
        found = Ballot.objects.filter(pk=ballot.pk, item__workshop=workshop).first()
        if found is None or not found.is_open or not workshop.is_live:
            raise DomainError(_("This vote is closed; your vote was not counted."))
        rating, _new = Rating.objects.update_or_create(
            ballot=found,
            participant=participant,
            defaults={"current": current, "ambition": ambition},
        )
        _counted(workshop)
        return rating


def place_dot(participant: Participant, candidate: CandidateAction, change: int) -> int:
    """One dot more (+1) or one fewer (-1) on a candidate action of the participant's own
    session, within their budget and the cap; changeable until the dot vote closes. Returns how
    many dots they have left."""
    if change not in (1, -1):
        raise DomainError(_("Add or take away one dot at a time."))
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=participant.workshop_id)
        dot_vote = DotVote.objects.filter(workshop=workshop).first()
        if dot_vote is None or not dot_vote.is_open or not workshop.is_live:
            raise DomainError(_("The dot vote is closed; your dots were not changed."))
        found = workshop.candidates.filter(pk=candidate.pk).first()
        if found is None:
            raise DomainError(_("This action is not on the list."))
        mine = {
            dot.candidate_id: dot for dot in participant.dots.filter(candidate__workshop=workshop)
        }
        placed = sum(dot.count for dot in mine.values())
        dot = mine.get(found.pk) or Dot(participant=participant, candidate=found, count=0)
        if change > 0 and placed >= workshop.dot_budget:
            raise DomainError(_("You have no dots left; take one from another action first."))
        if change > 0 and workshop.dot_cap is not None and dot.count >= workshop.dot_cap:
            raise DomainError(_("At most %(n)d dots on one action.") % {"n": workshop.dot_cap})
        if change < 0 and dot.count == 0:
            raise DomainError(_("There is no dot of yours on this action."))
        dot.count += change
        if dot.count == 0:
            dot.delete()
        else:
            dot.save()
        _counted(workshop)
        return workshop.dot_budget - placed - change


def suggest(participant: Participant, aspect: str, description: str) -> CandidateAction:
    """An action of the participant's own on the list, while the facilitator allows it; at most
    MAX_SUGGESTIONS each. The phones redraw to show it; the facilitator may take it off again
    until someone puts a dot on it."""
    with transaction.atomic():
        workshop = Workshop.objects.select_for_update().get(pk=participant.workshop_id)
        dot_vote = DotVote.objects.filter(workshop=workshop).first()
        if dot_vote is None or not dot_vote.takes_suggestions or not workshop.is_live:
            raise DomainError(_("Suggestions are closed; your action was not added."))
        if aspect not in set(workshop.items.values_list("aspect", flat=True)):
            raise DomainError(_("Choose an aspect of the agenda for the action."))
        description = domain.checked_action(workshop, aspect, description)
        mine = workshop.candidates.filter(suggested_by=participant).count()
        if mine >= MAX_SUGGESTIONS:
            raise DomainError(_("You can suggest at most %(n)d actions.") % {"n": MAX_SUGGESTIONS})
        source = CandidateAction.Source.PARTICIPANT
        candidate = domain.new_candidate(
            workshop, aspect, description, source, suggested_by=participant
        )
        workshop.stage += 1
        _counted(workshop)
        return candidate


def set_language(participant: Participant, language: str) -> None:
    participant.language = languages.supported(language)
    participant.save(update_fields=["language"])


def _counted(workshop: Workshop) -> None:
    workshop.version += 1
    workshop.save(update_fields=["version", "stage"])


def stage_of(code: str, key: str | None) -> int | None:
    """What a phone's poll needs to know: the `stage` of the session the cookie joined, or None
    for no participant of the session of `code`. One read through the unique key_hash index."""
    if not key or not looks_like_token(key):
        return None
    found = Participant.objects.filter(key_hash=participant_hash(key), workshop__code=code)
    return found.values_list("workshop__stage", flat=True).first()
