"""A workshop vote's tally: the floor of 3 votes, ambition counted on its own answers."""

from __future__ import annotations

from partnerscan.scoring.votes import (
    Spread,
    VoteTally,
    counted,
    second_tally,
    shares,
    spread,
    tally,
)


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


FIRST = {1: (2, 3), 2: (2, None), 3: (4, 4), 4: (4, 4)}


def test_a_second_vote_of_the_same_voters_is_shown_whatever_they_changed() -> None:
    second = {1: (3, 3), 2: (3, None), 3: (3, 4), 4: (4, 4)}
    assert second_tally(FIRST, second) == tally(second.values())


def test_a_second_vote_with_one_latecomer_is_withheld_not_to_show_their_vote() -> None:
    """Nobody changed their mind: the difference of the spreads would be the latecomer's vote."""
    second = FIRST | {5: (1, 2)}
    assert second_tally(FIRST, second) == VoteTally(
        5, Spread(5, None, None, None, withheld=True), Spread(4, None, None, None, withheld=True)
    )


def test_one_voter_who_left_or_two_who_swapped_withhold_it_too() -> None:
    left = {k: v for k, v in FIRST.items() if k != 4}
    swapped = {k: v for k, v in FIRST.items() if k != 4} | {9: (4, 4)}
    for second in (left, swapped):
        assert second_tally(FIRST, second).current.withheld


def test_three_or_more_new_voters_are_a_group_of_their_own_and_shown() -> None:
    second = FIRST | {5: (1, None), 6: (1, None), 7: (5, None)}
    assert second_tally(FIRST, second) == tally(second.values())


def test_ambition_is_compared_on_the_voters_who_gave_one() -> None:
    """Voter 2 adds an ambition the second time: ambition's voters differ by one, current's not."""
    second = FIRST | {2: (2, 5)}
    result = second_tally(FIRST, second)
    assert result.current == tally(second.values()).current
    assert result.ambition == Spread(4, None, None, None, withheld=True)


def test_a_first_vote_too_small_to_show_gives_nothing_to_compare() -> None:
    first = {1: (2, None), 2: (4, None)}
    second = first | {3: (3, None)}
    assert second_tally(first, second) == tally(second.values())
