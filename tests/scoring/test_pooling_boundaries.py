"""pool_groups at the edges of its rule: "other" of exactly k, suppressed and empty results."""

from __future__ import annotations

from partnerscan.scoring.pooling import Bucket, Pooling, _split, pool_groups


def test_other_of_exactly_k_keeps_every_shown_group() -> None:
    # a 5 and b 4 are shown; c 2 + d 1 make "other" 3 = k, which needs no shown group to join.
    assert pool_groups([5, 4, 2, 1], ["a", "b", "c", "d"], 3) == Pooling(
        False,
        (Bucket("a", "value", 5), Bucket("b", "value", 4), Bucket("other", "other", 3)),
        (0, 1, 2, 2),
    )


def test_other_of_exactly_k_with_one_shown_group_is_two_buckets() -> None:
    # a 5 is shown; b 2 + c 1 make "other" 3 = k: two buckets, so not suppressed.
    assert pool_groups([5, 2, 1], ["a", "b", "c"], 3) == Pooling(
        False,
        (Bucket("a", "value", 5), Bucket("other", "other", 3)),
        (0, 1, 1),
    )


def test_a_suppressed_pooling_maps_every_label_to_bucket_zero() -> None:
    # "other" 3 is below k = 5 and no group is shown to join it.
    assert pool_groups([2, 1, 0], ["a", "b", "c"], 5) == Pooling(True, (), (0, 0, 0))


def test_labels_without_respondents_go_to_the_first_bucket_when_there_is_no_other() -> None:
    assert pool_groups([4, 0, 3], ["a", "b", "c"], 3) == Pooling(
        False,
        (Bucket("a", "value", 4), Bucket("c", "value", 3)),
        (0, 0, 1),
    )


def test_labels_without_respondents_are_neither_shown_nor_pooled() -> None:
    # Names in display order: a, b, c, then the missing value; b and c have no respondents.
    assert _split([3, 0, 0, 1], ["a", "b", "c", None], 3) == ([0], [3])
