"""The record of a round's workshops (docs/workshop.md, "The record"): per session that went
live, each agenda item the room worked on — the level it agreed against the scan's mean, the
note, and the spread of each revealed vote as the screens showed it (`screens.ballot_views`:
at least 3 votes, a second vote withheld where its voters differ from the first's by one or
two). Read only, in a fixed number of queries however many workshops and items there are; the
dashboard and the PDF (reports) show it, and the next round's trend lists its agreed levels.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from partnerscan.assessments.models import Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.votes import VoteTally
from partnerscan.workshop.models import AgendaItem, Workshop
from partnerscan.workshop.screens import BallotView, ballot_views


@dataclass(frozen=True)
class VoteRecord:
    number: int  # 1 or 2
    votes: int
    tally: VoteTally  # spreads None where not shown (below 3 votes, or withheld)


@dataclass(frozen=True)
class ItemRecord:
    aspect_id: str  # of the round's model
    name: str
    condition: str
    reasons: tuple[str, ...]  # why it was on the agenda, in the reader's language
    scan_mean: float | None  # the round's mean current level; None below the floor
    scan_n: int
    agreed_level: int | None  # None: not agreed
    agreed_name: str
    note: str
    votes: tuple[VoteRecord, ...]  # revealed votes only, first then second

    @property
    def difference(self) -> float | None:
        """Agreed level minus the scan's mean: what the room settled on against what it said."""
        if self.agreed_level is None or self.scan_mean is None:
            return None
        return self.agreed_level - self.scan_mean


@dataclass(frozen=True)
class WorkshopRecord:
    pk: int
    title: str
    state: str  # live or ended
    date: dt.date  # when it ended, or else when it started
    participants: int
    items: tuple[ItemRecord, ...]  # in agenda order; items without an outcome left out
    # Dot-voting (the candidate actions with their dots, and the plan actions made from the
    # winners) joins the record here, once that step of issue 17 lands.

    @property
    def is_ended(self) -> bool:
        return self.state == Workshop.State.ENDED

    @property
    def agreed(self) -> dict[str, int]:
        """aspect id -> agreed level, for the next round's trend."""
        return {i.aspect_id: i.agreed_level for i in self.items if i.agreed_level is not None}


def workshop_records(assessment: Assessment, lang: str) -> tuple[WorkshopRecord, ...]:
    """The round's workshops that went live, oldest first (four queries)."""
    return records_of([assessment], lang).get(assessment.pk, ())


def records_of(assessments: list[Assessment], lang: str) -> dict[int, tuple[WorkshopRecord, ...]]:
    """Per round (by pk), its workshops that went live, oldest first; four queries in all."""
    found = Workshop.objects.filter(assessment__in=assessments).exclude(state=Workshop.State.DRAFT)
    workshops = list(found.annotate(joined=Count("participants")).order_by("created", "id"))
    items = list(AgendaItem.objects.filter(workshop__in=workshops).order_by("position", "id"))
    ballots = ballot_views(items)
    models = {a.pk: a.capability_model for a in assessments}
    per_round: dict[int, list[WorkshopRecord]] = {}
    for workshop in workshops:
        own = [i for i in items if i.workshop_id == workshop.pk]
        model = models[workshop.assessment_id]
        rows = tuple(
            _item(model, item, ballots.get(item.pk, []), lang)
            for item in own
            if _has_outcome(item, ballots.get(item.pk, []))
        )
        record = WorkshopRecord(
            workshop.pk,
            workshop.title,
            workshop.state,
            timezone.localdate(workshop.ended_at or workshop.created),
            workshop.joined,
            rows,
        )
        per_round.setdefault(workshop.assessment_id, []).append(record)
    return {pk: tuple(records) for pk, records in per_round.items()}


def _has_outcome(item: AgendaItem, ballots: list[BallotView]) -> bool:
    return item.agreed_level is not None or bool(item.note) or any(b.is_revealed for b in ballots)


def _item(
    model: CapabilityModel, item: AgendaItem, ballots: list[BallotView], lang: str
) -> ItemRecord:
    aspect = model.aspect(item.aspect)
    level = item.agreed_level
    return ItemRecord(
        aspect_id=item.aspect,
        name=aspect.name.get(lang),
        condition=model.condition_of(item.aspect).name.get(lang),
        reasons=tuple(item.reason_names()),
        scan_mean=item.scan_mean,
        scan_n=item.scan_n,
        agreed_level=level,
        agreed_name=model.level_name(level, lang) if level else "",
        note=item.note,
        votes=tuple(VoteRecord(b.number, b.votes, b.tally) for b in ballots if b.tally is not None),
    )
