"""The demo's workshop (`load_demo`): the follow-up round discussed in a session of eight
people, two contested aspects re-rated and agreed, a dot vote on actions whose two winners went
into the round's plan. Everything goes through the workflows, as a facilitator's clicks would."""

from __future__ import annotations

import random

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.workshop import domain, participating
from partnerscan.workshop.dot_screens import dots_view
from partnerscan.workshop.models import AgendaItem, Participant, Workshop

ROOM = 8  # people in the room; two of them read their phones in English
NOTES = (
    "Eens: we zijn georganiseerd, maar het stuurteam moet de samenwerking elk kwartaal bespreken.",
    "Na de discussie lager ingeschat: de afspraken staan op papier, niet in de praktijk.",
)
OWN_ACTION = "Elk kwartaal één partnergesprek in het managementteam agenderen"


def seed_workshop(assessment: Assessment, facilitator: User, seed: int) -> Workshop:
    rng = random.Random(seed)
    workshop = domain.start_workshop(assessment, facilitator, title="Werksessie vervolgmeting")
    domain.go_live(workshop, facilitator)
    room = [
        participating.join(workshop.code, None, "en" if i in (2, 5) else "nl").participant
        for i in range(ROOM)
    ]
    items = list(workshop.items.order_by("position")[:2])
    for item, note in zip(items, NOTES, strict=False):
        centre = round(item.scan_mean or 3)
        _vote(item, room, facilitator, rng, spread=1)
        _vote(item, room, facilitator, rng, spread=0, centre=centre)  # closer after talking
        domain.record_agreement(item, max(1, min(5, centre)), note, facilitator)
    domain.prepare_dot_vote(workshop, facilitator)
    aspect = items[0].aspect if items else assessment.capability_model.aspects[0].id
    domain.add_candidate(workshop, aspect, OWN_ACTION, facilitator)
    domain.open_dots(workshop, facilitator)
    candidates = list(workshop.candidates.order_by("position"))
    weights = [len(candidates) - i for i in range(len(candidates))]
    for participant in room:
        for candidate in rng.choices(candidates, weights=weights, k=workshop.dot_budget):
            participating.place_dot(participant, candidate, 1)
    domain.close_dots(workshop, facilitator)
    domain.reveal_dots(workshop, facilitator)
    winners = _top(workshop, 2)
    domain.plan_winners(workshop, winners, "nog te bepalen", "nl", facilitator)
    return domain.end_workshop(workshop, facilitator)


def _vote(
    item: AgendaItem,
    room: list[Participant],
    facilitator: User,
    rng: random.Random,
    spread: int,
    centre: int | None = None,
) -> None:
    ballot = domain.open_ballot(item, facilitator)
    middle = centre if centre is not None else round(item.scan_mean or 3)
    for participant in room:
        level = max(1, min(5, middle + rng.randint(-spread, spread)))
        participating.rate(participant, ballot, level, min(5, level + 1))
    domain.close_ballot(ballot, facilitator)
    domain.reveal_ballot(ballot, facilitator)


def _top(workshop: Workshop, n: int) -> list[int]:
    view = dots_view(workshop, "nl")
    assert view is not None and view.tally is not None
    return list(view.tally.top(n))
