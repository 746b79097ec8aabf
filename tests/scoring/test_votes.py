"""A workshop vote's tally: the floor of 3 votes, ambition counted on its own answers."""

from __future__ import annotations

from partnerscan.scoring.votes import Spread, VoteTally, counted, shares, spread, tally


def test_below_three_votes_only_the_number_is_given() -> None:
    assert spread([2, 4]) == Spread(2, None, None, None)
    assert tally([(2, None), (4, 5)]) == VoteTally(
        2, Spread(2, None, None, None), Spread(1, None, None, None)
    )


def test_from_three_votes_the_spread_its_mean_and_whether_views_differ() -> None:
    assert spread([1, 5, 5]) == Spread(3, (1, 0, 0, 0, 2), 11 / 3, True)
    assert spread([3, 3, 4]) == Spread(3, (0, 0, 2, 1, 0), 10 / 3, False)


def test_ambition_rests_on_the_votes_that_gave_one() -> None:
    result = tally([(2, 3), (2, None), (3, 4), (3, 4)])
    assert result.votes == 4
    assert result.current == Spread(4, (0, 2, 2, 0, 0), 2.5, False)
    assert result.ambition == Spread(3, (0, 0, 1, 2, 0), 11 / 3, False)


def test_anything_but_a_level_is_left_out() -> None:
    assert spread([0, 6, 3, 3, 3]) == counted([0, 0, 3, 0, 0])


def test_shares_compare_votes_of_different_sizes() -> None:
    assert shares((0, 1, 3, 0, 0)) == (0.0, 0.25, 0.75, 0.0, 0.0)
    assert shares(None) is None and shares((0, 0, 0, 0, 0)) is None
