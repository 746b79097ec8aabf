"""Votes on an agenda item: open, closed, revealed; hidden until the reveal, shown only on at
least 3 votes; a second vote after the first is revealed; the agreed level."""

from __future__ import annotations

import pytest
from support import logged_in, text_of

from partnerscan.accounts.models import User
from partnerscan.core.errors import DomainError
from partnerscan.scoring.votes import Spread, VoteTally
from partnerscan.workshop import domain, participating, screens
from partnerscan.workshop.models import AgendaItem, Ballot, Workshop

from .conftest import CONTESTED, joined

pytestmark = pytest.mark.django_db


def contested(workshop: Workshop) -> AgendaItem:
    return workshop.items.get(aspect=CONTESTED)


def vote_all(workshop: Workshop, ballot: Ballot, levels: list[tuple[int, int | None]]) -> None:
    for participant, (current, ambition) in zip(joined(workshop, len(levels)), levels, strict=True):
        participating.rate(participant, ballot, current, ambition)


def stage_text(workshop: Workshop, user: User) -> str:
    page = logged_in(user).get(f"/workshops/{workshop.pk}/projector/")
    assert page.status_code == 200
    return text_of(page.content)


def test_a_vote_opens_only_while_live_and_one_at_a_time(workshop: Workshop, alice: User) -> None:
    item = contested(workshop)
    with pytest.raises(DomainError, match="not live"):
        domain.open_ballot(item, alice)
    domain.go_live(workshop, alice)
    ballot = domain.open_ballot(item, alice)
    workshop.refresh_from_db()
    assert (ballot.number, ballot.state, workshop.current_id) == (1, "open", item.pk)
    with pytest.raises(DomainError, match="Another vote is open"):
        domain.open_ballot(workshop.items.get(aspect="goals"), alice)


def test_the_lifecycle_of_two_votes(live: Workshop, alice: User) -> None:
    item = contested(live)
    first = domain.open_ballot(item, alice)
    with pytest.raises(DomainError, match="is open"):
        domain.reveal_ballot(first, alice)
    domain.close_ballot(first, alice)
    with pytest.raises(DomainError, match="Reveal the first vote"):
        domain.open_ballot(item, alice)
    domain.reveal_ballot(first, alice)
    second = domain.open_ballot(item, alice)
    assert second.number == 2
    domain.close_ballot(second, alice)
    domain.reveal_ballot(second, alice)
    with pytest.raises(DomainError, match="two votes"):
        domain.open_ballot(item, alice)
    assert list(item.ballots.values_list("number", "state")) == [(1, "revealed"), (2, "revealed")]


def test_a_participant_votes_and_changes_it_only_while_open(live: Workshop, alice: User) -> None:
    ballot = domain.open_ballot(contested(live), alice)
    (participant,) = joined(live, 1)
    participating.rate(participant, ballot, 2, None)
    participating.rate(participant, ballot, 4, 5)
    assert list(ballot.ratings.values_list("current", "ambition")) == [(4, 5)]
    with pytest.raises(DomainError, match="level from 1 to 5"):
        participating.rate(participant, ballot, 6, None)
    domain.close_ballot(ballot, alice)
    with pytest.raises(DomainError, match="closed"):
        participating.rate(participant, ballot, 1, None)
    assert list(ballot.ratings.values_list("current", "ambition")) == [(4, 5)]


def test_the_spread_stays_hidden_until_the_reveal(live: Workshop, alice: User) -> None:
    item = contested(live)
    ballot = domain.open_ballot(item, alice)
    vote_all(live, ballot, [(2, 3), (2, 3), (3, 4), (3, None)])
    text = stage_text(live, alice)
    assert "Vote 1 is open. 4 votes so far." in text
    assert "n = 4" not in text and "mean" not in text
    domain.close_ballot(ballot, alice)
    text = stage_text(live, alice)
    assert "Vote 1 is closed. 4 votes." in text and "n = 4" not in text
    (view,) = screens.item_views(live, [item], "en")
    assert view.ballots[0].tally is None  # not even read while closed
    domain.reveal_ballot(ballot, alice)
    (view,) = screens.item_views(live, [item], "en")
    assert view.ballots[0].tally == VoteTally(
        votes=4,
        current=Spread(4, (0, 2, 2, 0, 0), 2.5, False),
        ambition=Spread(3, (0, 0, 2, 1, 0), 10 / 3, False),
    )
    text = stage_text(live, alice)
    assert "Vote 1 n = 4" in text and "Scan n = 6" in text
    assert "Vote 1: 4 votes · revealed · mean 2.5 · views agree · ambition 3.3" in text


def test_below_three_votes_nothing_is_shown(live: Workshop, alice: User) -> None:
    ballot = domain.open_ballot(contested(live), alice)
    vote_all(live, ballot, [(1, None), (5, None)])
    domain.close_ballot(ballot, alice)
    domain.reveal_ballot(ballot, alice)
    text = stage_text(live, alice)
    assert "Vote 1 too few votes to show" in text
    assert "Vote 1: 2 votes · revealed · too few votes to show" in text
    (view,) = screens.item_views(live, [contested(live)], "en")
    assert view.columns[1].spread == Spread(2, None, None, None)


def test_the_second_vote_stands_beside_the_first_and_the_scan(live: Workshop, alice: User) -> None:
    item = contested(live)
    first = domain.open_ballot(item, alice)
    vote_all(live, first, [(1, None), (5, None), (1, None), (5, None)])
    domain.close_ballot(first, alice)
    domain.reveal_ballot(first, alice)
    second = domain.open_ballot(item, alice)
    text = stage_text(live, alice)
    assert "Vote 2 is open. 0 votes so far." in text and "n = 4" not in text
    vote_all(live, second, [(3, None), (3, None), (4, None)])
    domain.close_ballot(second, alice)
    domain.reveal_ballot(second, alice)
    (view,) = screens.item_views(live, [item], "en")
    assert [(c.title, c.spread.counts, c.spread.views_differ) for c in view.columns] == [
        ("Scan", (3, 0, 0, 0, 3), True),
        ("Vote 1", (2, 0, 0, 0, 2), True),
        ("Vote 2", (0, 0, 2, 1, 0), False),
    ]
    text = stage_text(live, alice)
    assert "Scan n = 6 Vote 1 n = 4 Vote 2 n = 3" in text


def test_the_agreed_level_and_its_note(live: Workshop, alice: User) -> None:
    item = contested(live)
    domain.record_agreement(item, 3, "  Organised, once the steering group meets  ", alice)
    item.refresh_from_db()
    assert (item.agreed_level, item.note) == (3, "Organised, once the steering group meets")
    with pytest.raises(DomainError, match="1 to 5"):
        domain.record_agreement(item, 6, "", alice)
    domain.record_agreement(item, None, "", alice)
    item.refresh_from_db()
    assert (item.agreed_level, item.note) == (None, "")


def test_the_agreed_level_is_posted_from_the_control_page(live: Workshop, alice: User) -> None:
    item = contested(live)
    client = logged_in(alice)
    url = f"/workshops/{live.pk}/items/{item.pk}/agreement/"
    response = client.post(url, {"level": "4", "note": "Integrated"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.agreed_level, item.note) == (4, "Integrated")
    text = text_of(client.get(f"/workshops/{live.pk}/projector/").content)
    assert "4 Integrated agreed" not in text  # not on the screens until it is the current item
    domain.show_item(item, alice)
    assert "Agreed: level 4, Integrated — Integrated" in stage_text(live, alice)


def test_ending_closes_an_open_vote_unrevealed(live: Workshop, alice: User) -> None:
    ballot = domain.open_ballot(contested(live), alice)
    domain.end_workshop(live, alice)
    ballot.refresh_from_db()
    live.refresh_from_db()
    assert (ballot.state, live.state) == ("closed", "ended")
    assert live.ended_at is not None
    with pytest.raises(DomainError, match="not live"):
        domain.reveal_ballot(ballot, alice)
    assert "The workshop has ended" in stage_text(live, alice)
