"""The room cannot learn one person's vote by comparing what the screens showed: a second vote
whose voters differ from the first's by one or two is not shown (`scoring.votes.second_tally`),
each vote's spread rests on at least 3 votes of its own, and a revealed vote's figures are those
of its close: nobody votes on it after that."""

from __future__ import annotations

import pytest
from support import logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.core.errors import DomainError
from partnerscan.scoring.votes import Spread
from partnerscan.workshop import domain, participating, screens
from partnerscan.workshop.models import AgendaItem, Ballot, Participant, Workshop

from .conftest import CONTESTED, joined

pytestmark = pytest.mark.django_db

WITHHELD = "not shown: one or two voters differ from vote 1"


def contested(workshop: Workshop) -> AgendaItem:
    return workshop.items.get(aspect=CONTESTED)


def vote(ballot: Ballot, people: list[Participant], levels: list[int]) -> None:
    for participant, level in zip(people, levels, strict=True):
        participating.rate(participant, ballot, level, None)


def revealed_first(workshop: Workshop, people: list[Participant], by: User) -> Ballot:
    ballot = domain.open_ballot(contested(workshop), by)
    vote(ballot, people, [2, 2, 4, 4])
    domain.close_ballot(ballot, by)
    return domain.reveal_ballot(ballot, by)


def columns(workshop: Workshop) -> list[tuple[str, Spread]]:
    (view,) = screens.item_views(workshop, [contested(workshop)], "en")
    return [(c.title, c.spread) for c in view.columns[1:]]


def second_vote(workshop: Workshop, people: list[Participant], levels: list[int], by: User) -> str:
    ballot = domain.open_ballot(contested(workshop), by)
    vote(ballot, people, levels)
    domain.close_ballot(ballot, by)
    domain.reveal_ballot(ballot, by)
    return text_of(logged_in(by).get(f"/workshops/{workshop.pk}/projector/").content)


def test_a_latecomers_vote_cannot_be_read_off_the_second_vote(live: Workshop, alice: User) -> None:
    """Four vote twice the same; one more joins and votes 5. Showing vote 2 would show one
    more 5 than vote 1 did: whose, the whole room saw walk in."""
    room = joined(live, 4)
    revealed_first(live, room, alice)
    late = joined(live, 1)
    text = second_vote(live, room + late, [2, 2, 4, 4, 5], alice)
    assert columns(live) == [
        ("Vote 1", Spread(4, (0, 2, 0, 2, 0), 3.0, True)),
        ("Vote 2", Spread(5, None, None, None, withheld=True)),
    ]
    assert f"Vote 2 {WITHHELD}" in text
    assert f"Vote 2: 5 votes · revealed · {WITHHELD}" in text


def test_one_who_left_withholds_the_second_vote(live: Workshop, alice: User) -> None:
    room = joined(live, 5)
    ballot = domain.open_ballot(contested(live), alice)
    vote(ballot, room, [2, 2, 4, 4, 1])
    domain.close_ballot(ballot, alice)
    domain.reveal_ballot(ballot, alice)
    second_vote(live, room[:4], [2, 2, 4, 4], alice)
    assert columns(live)[1] == ("Vote 2", Spread(4, None, None, None, withheld=True))


def test_the_same_people_changing_their_minds_are_shown(live: Workshop, alice: User) -> None:
    room = joined(live, 4)
    revealed_first(live, room, alice)
    second_vote(live, room, [3, 3, 3, 4], alice)
    assert columns(live)[1] == ("Vote 2", Spread(4, (0, 0, 3, 1, 0), 3.25, False))


def test_three_latecomers_are_a_group_large_enough_to_show(live: Workshop, alice: User) -> None:
    room = joined(live, 4)
    revealed_first(live, room, alice)
    second_vote(live, room + joined(live, 3), [2, 2, 4, 4, 1, 1, 5], alice)
    assert columns(live)[1] == ("Vote 2", Spread(7, (2, 2, 0, 2, 1), 19 / 7, True))


def test_a_second_vote_rests_on_three_votes_of_its_own(live: Workshop, alice: User) -> None:
    room = joined(live, 4)
    revealed_first(live, room, alice)
    second_vote(live, room[:2], [3, 3], alice)
    assert columns(live)[1] == ("Vote 2", Spread(2, None, None, None))


def test_a_revealed_vote_keeps_the_figures_of_its_close(live: Workshop, alice: User) -> None:
    """Only a closed vote is revealed, and no vote reaches a closed one: one more vote after the
    reveal, a latecomer's or a changed one, is refused and changes nothing on the screens."""
    room = joined(live, 4)
    ballot = domain.open_ballot(contested(live), alice)
    vote(ballot, room, [2, 2, 4, 4])
    with pytest.raises(DomainError, match="is open"):
        domain.reveal_ballot(ballot, alice)
    domain.close_ballot(ballot, alice)
    domain.reveal_ballot(ballot, alice)
    before = columns(live)
    for participant, level in ((joined(live, 1)[0], 5), (room[0], 5)):
        with pytest.raises(DomainError, match="closed"):
            participating.rate(participant, ballot, level, None)
    assert columns(live) == before
    assert sorted(ballot.ratings.values_list("current", flat=True)) == [2, 2, 4, 4]


def test_the_second_vote_of_the_record_follows_the_same_rule(live: Workshop, alice: User) -> None:
    room = joined(live, 4)
    revealed_first(live, room, alice)
    second_vote(live, room + joined(live, 1), [2, 2, 4, 4, 5], alice)
    views = screens.ballot_views([contested(live)])
    (ballots,) = views.values()
    assert [b.tally.current.shown if b.tally else None for b in ballots] == [True, False]
