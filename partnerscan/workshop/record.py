"""The record of a round's workshops (docs/workshop.md, "The record"): per session that went
live, each agenda item the room worked on — the level it agreed against the scan's mean, the
note, and the spread of each revealed vote as the screens showed it (`screens.ballot_views`:
at least 3 votes, a second vote withheld where its voters differ from the first's by one or
two). Read only, in a fixed number of queries however many workshops and items there are; the
dashboard and the PDF (reports) show it, and the next round's trend lists its agreed levels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from partnerscan.assessments.models import Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.votes import VoteTally, dot_tally
from partnerscan.workshop.models import AgendaItem, CandidateAction, Dot, DotVote, Workshop
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
class ActionRecord:
    """A candidate action of a revealed dot vote."""

    aspect: str  # the aspect's name in the reader's language
    text: str
    total: int | None  # its dots; None where the totals are not shown (fewer than 3 voters)
    rank: int | None
    planned: bool  # put in the round's plan from the workshop


@dataclass(frozen=True)
class DotsRecord:
    """The dot vote's outcome: how many placed dots and, on at least 3 of them, the totals."""

    voters: int
    shown: bool
    actions: tuple[ActionRecord, ...]  # most dots first when shown, else the list's order

    @property
    def planned(self) -> tuple[ActionRecord, ...]:
        return tuple(action for action in self.actions if action.planned)


@dataclass(frozen=True)
class WorkshopRecord:
    pk: int
    title: str
    state: str  # live or ended
    date: dt.date  # when it ended, or else when it started
    participants: int
    items: tuple[ItemRecord, ...]  # in agenda order; items without an outcome left out
    dots: DotsRecord | None = None  # a revealed dot vote on actions, with what went in the plan

    @property
    def is_ended(self) -> bool:
        return self.state == Workshop.State.ENDED

    @property
    def agreed(self) -> dict[str, int]:
        """aspect id -> agreed level, for the next round's trend."""
        return {i.aspect_id: i.agreed_level for i in self.items if i.agreed_level is not None}


def workshop_records(assessment: Assessment, lang: str) -> tuple[WorkshopRecord, ...]:
    """The round's workshops that went live, oldest first (seven queries)."""
    return records_of([assessment], lang).get(assessment.pk, ())


def records_of(assessments: list[Assessment], lang: str) -> dict[int, tuple[WorkshopRecord, ...]]:
    """Per round (by pk), its workshops that went live, oldest first; seven queries in all."""
    found = Workshop.objects.filter(assessment__in=assessments).exclude(state=Workshop.State.DRAFT)
    workshops = list(found.annotate(joined=Count("participants")).order_by("created", "id"))
    items = list(AgendaItem.objects.filter(workshop__in=workshops).order_by("position", "id"))
    ballots = ballot_views(items)
    models = {a.pk: a.capability_model for a in assessments}
    dots = _dot_votes(workshops, models, lang)
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
            dots.get(workshop.pk),
        )
        per_round.setdefault(workshop.assessment_id, []).append(record)
    return {pk: tuple(records) for pk, records in per_round.items()}


def _dot_votes(
    workshops: Sequence[Workshop], models: dict[int, CapabilityModel], lang: str
) -> dict[int, DotsRecord]:
    """Per workshop (by pk) its revealed dot vote; three queries for all workshops."""
    revealed = DotVote.objects.filter(workshop__in=workshops, state=DotVote.State.REVEALED)
    shown = set(revealed.values_list("workshop_id", flat=True))
    if not shown:
        return {}
    candidates = list(CandidateAction.objects.filter(workshop__in=shown).order_by("position", "id"))
    placed = Dot.objects.filter(candidate__workshop__in=shown).values_list(
        "candidate__workshop_id", "participant_id", "candidate_id", "count"
    )
    dots = list(placed)
    rows: dict[int, DotsRecord] = {}
    owners = {w.pk: w.assessment_id for w in workshops}
    for pk in shown:
        own = [c for c in candidates if c.workshop_id == pk]
        tally = dot_tally([(p, c, n) for w, p, c, n in dots if w == pk], [c.pk for c in own])
        at = {row.candidate: row for row in tally.rows or ()}
        if tally.rows is not None:
            order = {row.candidate: i for i, row in enumerate(tally.rows)}
            own.sort(key=lambda c: order[c.pk])
        model = models[owners[pk]]
        actions = tuple(
            ActionRecord(
                aspect=model.aspect(c.aspect).name.get(lang),
                text=c.text(model, lang),
                total=at[c.pk].total if c.pk in at else None,
                rank=at[c.pk].rank if c.pk in at else None,
                planned=c.action_id is not None,
            )
            for c in own
        )
        rows[pk] = DotsRecord(tally.voters, tally.shown, actions)
    return rows


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
