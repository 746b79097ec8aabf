"""A workshop vote as the room may see it (docs/workshop.md): how many voted, and — only on at
least MIN_RESPONDENTS votes — how the votes spread over the levels 1..5, their mean and whether
views still differ (the scan's rule, docs/method.md "agreement"). Ambition is counted apart: a
vote may leave it out, so its spread rests on its own number of answers.

A second vote on an item is compared with the first by the room, so it is shown only when the
people who voted differ from the first vote's by none or by at least MIN_RESPONDENTS
(`second_tally`): otherwise the difference between the two spreads could be the vote of the one
person who came in late, or left, in between."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from partnerscan.scoring import exact
from partnerscan.scoring.options import MIN_RESPONDENTS

LEVELS = range(1, 6)


@dataclass(frozen=True)
class Spread:
    """Votes on one question: `n` always, the rest None below the floor."""

    n: int
    counts: tuple[int, ...] | None  # of levels 1..5
    mean: float | None
    views_differ: bool | None
    # Not shown although n reaches the floor: a second vote whose voters differ from the first
    # vote's by one or two people (`second_tally`).
    withheld: bool = False

    @property
    def shown(self) -> bool:
        return self.counts is not None


@dataclass(frozen=True)
class VoteTally:
    votes: int  # participants who voted (each gave a current level)
    current: Spread
    ambition: Spread


def spread(levels: Iterable[int]) -> Spread:
    """The spread of levels 1..5; anything else is not a level and is left out."""
    counts = [0] * 5
    for level in levels:
        if level in LEVELS:
            counts[level - 1] += 1
    return counted(counts)


def counted(counts: Sequence[int]) -> Spread:
    """The spread of the given counts of levels 1..5."""
    counts = [int(c) for c in counts]
    n = sum(counts)
    if n < MIN_RESPONDENTS:
        return Spread(n, None, None, None)
    mean = exact.mean(counts)
    shown_mean = float(mean) if mean is not None else None
    return Spread(n, tuple(counts), shown_mean, exact.views_differ(counts))


def tally(ratings: Iterable[tuple[int, int | None]]) -> VoteTally:
    """(current, ambition or None) per participant."""
    pairs = list(ratings)
    return VoteTally(
        votes=len(pairs),
        current=spread(current for current, _ambition in pairs),
        ambition=spread(ambition for _current, ambition in pairs if ambition is not None),
    )


Ratings = Mapping[int, tuple[int, int | None]]  # per voter (any stable id): current, ambition


def second_tally(first: Ratings, second: Ratings) -> VoteTally:
    """The second vote's tally, each spread withheld when the first vote's matching spread was
    shown and the voters of the two differ by 1 or 2: comparing the two spreads would show what
    those one or two gave. Only who voted is compared, never how."""
    shown = tally(second.values())
    before = tally(first.values())
    current = _apart(before.current, set(first), set(second), shown.current)
    ambition = _apart(
        before.ambition, _with_ambition(first), _with_ambition(second), shown.ambition
    )
    return VoteTally(shown.votes, current, ambition)


def _with_ambition(ratings: Ratings) -> set[int]:
    return {voter for voter, (_current, ambition) in ratings.items() if ambition is not None}


def _apart(before: Spread, first: set[int], second: set[int], now: Spread) -> Spread:
    differ = len(first ^ second)
    if not before.shown or not now.shown or differ == 0 or differ >= MIN_RESPONDENTS:
        return now
    return Spread(now.n, None, None, None, withheld=True)


def shares(counts: tuple[int, ...] | None) -> tuple[float, ...] | None:
    """Each level's share of the votes (0..1), for bars that compare ballots of other sizes."""
    if not counts or not sum(counts):
        return None
    total = sum(counts)
    return tuple(c / total for c in counts)


@dataclass(frozen=True)
class DotRow:
    """One candidate action's dots: its total, its rank (equal totals share a rank) and its
    share of all dots placed (0..1, the bar's length)."""

    candidate: int
    total: int
    rank: int
    share: float

    @property
    def percent(self) -> int:
        return round(self.share * 100)


@dataclass(frozen=True)
class DotTally:
    """A dot vote as the room may see it: how many participants placed dots, and — only when
    at least MIN_RESPONDENTS did — each candidate's total, most dots first."""

    voters: int
    rows: tuple[DotRow, ...] | None

    @property
    def shown(self) -> bool:
        return self.rows is not None

    def top(self, n: int) -> tuple[int, ...]:
        """The first `n` candidates with at least one dot, in the ranking's order."""
        if self.rows is None:
            return ()
        return tuple(row.candidate for row in self.rows if row.total > 0)[:n]


def dot_tally(dots: Iterable[tuple[int, int, int]], candidates: Sequence[int]) -> DotTally:
    """(voter, candidate, dots) per placement; `candidates` in the list's order, which breaks
    ties, so equal totals always rank the same way. Dots on a candidate not in the list, and
    counts below 1, are left out."""
    totals = dict.fromkeys(candidates, 0)
    voters = set()
    for voter, candidate, count in dots:
        if candidate in totals and count > 0:
            totals[candidate] += count
            voters.add(voter)
    if len(voters) < MIN_RESPONDENTS:
        return DotTally(len(voters), None)
    order = {candidate: i for i, candidate in enumerate(candidates)}
    ranked = sorted(candidates, key=lambda c: (-totals[c], order[c]))
    placed = sum(totals.values())
    rows: list[DotRow] = []
    for i, candidate in enumerate(ranked):
        tied = rows and rows[-1].total == totals[candidate]
        rank = rows[-1].rank if tied else i + 1
        rows.append(DotRow(candidate, totals[candidate], rank, totals[candidate] / placed))
    return DotTally(len(voters), tuple(rows))
