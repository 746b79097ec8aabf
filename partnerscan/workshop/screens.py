"""What the three screens of a workshop show — the facilitator's page, the projector and a
participant's phone — read in a fixed number of queries.

The anonymity rules live here (docs/workshop.md): a vote's levels are read from the database
only once the vote is revealed, and then shown only on at least MIN_RESPONDENTS votes
(`scoring.votes`); before that every screen gets the number of votes and nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from django.db.models import Count
from django.utils.translation import gettext as _

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.votes import Spread, VoteTally, counted, second_tally, shares, tally
from partnerscan.workshop.models import AgendaItem, Ballot, Rating, Workshop


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    anchor: str


@dataclass(frozen=True)
class BallotView:
    pk: int
    number: int
    state: str
    votes: int
    tally: VoteTally | None = None  # only once revealed

    @property
    def state_label(self) -> str:
        return str(Ballot.State(self.state).label)

    @property
    def is_open(self) -> bool:
        return self.state == Ballot.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == Ballot.State.CLOSED

    @property
    def is_revealed(self) -> bool:
        return self.state == Ballot.State.REVEALED


@dataclass(frozen=True)
class Cell:
    count: int
    share: float  # 0..1, the bar's length

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class Column:
    """One distribution beside the others: the scan's, or a vote's."""

    title: str
    spread: Spread
    kind: str  # scan, vote

    def cell(self, level: int) -> Cell | None:
        found = shares(self.spread.counts)
        if self.spread.counts is None or found is None:
            return None
        return Cell(self.spread.counts[level - 1], found[level - 1])


@dataclass(frozen=True)
class ItemView:
    item: AgendaItem
    name: str
    definition: str
    condition: str
    levels: tuple[Level, ...]
    ballots: tuple[BallotView, ...] = ()
    columns: tuple[Column, ...] = ()

    @property
    def open_ballot(self) -> BallotView | None:
        return next((b for b in self.ballots if b.is_open), None)

    @property
    def last_ballot(self) -> BallotView | None:
        return self.ballots[-1] if self.ballots else None

    @property
    def can_open(self) -> bool:
        last = self.last_ballot
        return last is None or (last.is_revealed and last.number < 2)

    @property
    def agreed_name(self) -> str:
        level = self.item.agreed_level
        return self.levels[level - 1].name if level else ""

    @property
    def scan(self) -> Spread:
        """The round's current levels, as the dashboard showed them (None below the floor)."""
        if self.item.scan_counts is None:
            return Spread(self.item.scan_n, None, None, None)
        return counted(self.item.scan_counts)

    def rows(self) -> list[tuple[Level, list[Cell | None]]]:
        return [(level, [c.cell(level.number) for c in self.columns]) for level in self.levels]


def levels(model: CapabilityModel, aspect_id: str, lang: str) -> tuple[Level, ...]:
    aspect = model.aspect(aspect_id)
    return tuple(
        Level(i, model.levels[i - 1].name.get(lang), anchor.get(lang))
        for i, anchor in enumerate(aspect.anchors, start=1)
    )


def ballot_views(items: list[AgendaItem]) -> dict[int, list[BallotView]]:
    """Every ballot of the items with its number of votes (two queries), and the levels of the
    revealed ones only (one more); a second vote as `scoring.votes.second_tally` allows."""
    found = list(Ballot.objects.filter(item__in=items).annotate(votes=Count("ratings")))
    revealed = [b.pk for b in found if b.is_revealed]
    given: dict[int, dict[int, tuple[int, int | None]]] = defaultdict(dict)
    if revealed:
        ratings = Rating.objects.filter(ballot_id__in=revealed).values_list(
            "ballot_id", "participant_id", "current", "ambition"
        )
        for ballot_id, voter, current, ambition in ratings:
            given[ballot_id][voter] = (current, ambition)
    per_item: dict[int, list[BallotView]] = defaultdict(list)
    for b in sorted(found, key=lambda b: (b.item_id, b.number)):
        earlier = per_item[b.item_id]
        first = given[earlier[0].pk] if earlier else None
        counted = None
        if b.is_revealed:
            counted = (
                tally(given[b.pk].values()) if first is None else second_tally(first, given[b.pk])
            )
        per_item[b.item_id].append(BallotView(b.pk, b.number, b.state, b.votes, counted))
    return per_item


def item_views(workshop: Workshop, items: list[AgendaItem], lang: str) -> list[ItemView]:
    model = workshop.assessment.capability_model
    ballots = ballot_views(items)
    return [_view(model, item, ballots.get(item.pk, []), lang) for item in items]


def _view(
    model: CapabilityModel, item: AgendaItem, ballots: list[BallotView], lang: str
) -> ItemView:
    aspect = model.aspect(item.aspect)
    bare = ItemView(
        item=item,
        name=aspect.name.get(lang),
        definition=aspect.definition.get(lang),
        condition=model.condition_of(item.aspect).name.get(lang),
        levels=levels(model, item.aspect, lang),
        ballots=tuple(ballots),
    )
    columns = [Column(_("Scan"), bare.scan, "scan")]
    columns += [
        Column(_("Vote %(n)d") % {"n": b.number}, b.tally.current, "vote")
        for b in ballots
        if b.tally is not None
    ]
    return replace(bare, columns=tuple(columns))


def current_view(workshop: Workshop, lang: str) -> ItemView | None:
    """The item on the screens, or None."""
    if workshop.current_id is None:
        return None
    item = AgendaItem.objects.filter(pk=workshop.current_id).first()
    return item_views(workshop, [item], lang)[0] if item else None


def phone_view(workshop: Workshop, lang: str) -> tuple[ItemView | None, BallotView | None]:
    """The item on the phones and its latest vote, without counts: a phone shows neither how
    many voted nor how. One query, with `workshop.current` already read."""
    item = workshop.current if workshop.is_live else None
    if item is None:
        return None, None
    view = _view(workshop.assessment.capability_model, item, [], lang)
    last = item.ballots.order_by("-number").first()
    return view, BallotView(last.pk, last.number, last.state, 0) if last else None


def counts(workshop: Workshop) -> tuple[int, BallotView | None]:
    """How many joined, and the open vote with its number of votes (two queries)."""
    joined = workshop.participants.count()
    ballot = (
        Ballot.objects.filter(item__workshop=workshop, state=Ballot.State.OPEN)
        .annotate(votes=Count("ratings"))
        .first()
    )
    if ballot is None:
        return joined, None
    return joined, BallotView(ballot.pk, ballot.number, ballot.state, ballot.votes)


def confirmation(rating: Rating | None, model: CapabilityModel, lang: str) -> str:
    """What a participant's phone says of their own vote, and only theirs."""
    if rating is None:
        return ""
    said = {"level": rating.current, "name": model.level_name(rating.current, lang)}
    if rating.ambition is None:
        return _("Your vote: %(level)d, %(name)s. You can change it until the vote closes.") % said
    said |= {"ambition": rating.ambition, "wanted": model.level_name(rating.ambition, lang)}
    return (
        _(
            "Your vote: %(level)d, %(name)s; ambition %(ambition)d, %(wanted)s. You can change "
            "it until the vote closes."
        )
        % said
    )


def phone_status(workshop: Workshop, current: ItemView | None, ballot: BallotView | None) -> str:
    """One sentence of where the session is, for the phone's live region."""
    if workshop.is_ended:
        return _("The workshop has ended.")
    if current is None:
        return _("Waiting for the facilitator.")
    if ballot is not None and ballot.is_open:
        return _("Vote %(n)d is open: %(aspect)s.") % {"n": ballot.number, "aspect": current.name}
    if ballot is not None:
        return _("The vote on %(aspect)s is closed.") % {"aspect": current.name}
    return _("On the screen now: %(aspect)s.") % {"aspect": current.name}
