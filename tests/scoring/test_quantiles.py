"""The benchmark's two figures, checked by hand and against numpy's own percentile."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from partnerscan.scoring.quantiles import percentile_rank, quartiles

MEANS = st.lists(st.floats(min_value=1, max_value=5, allow_nan=False), min_size=1, max_size=40)


def test_quartiles_interpolate_between_the_sorted_values() -> None:
    # Sorted 1, 2, 3, 4, 6: positions (n - 1) * p = 1, 2, 3 fall on values exactly.
    assert quartiles([6, 1, 4, 2, 3]) == (2.0, 3.0, 4.0)
    # Sorted 1, 2, 4, 8: positions 0.75, 1.5, 2.25 lie between values.
    assert quartiles([8, 1, 4, 2]) == (1.75, 3.0, 5.0)
    assert quartiles([3.5]) == (3.5, 3.5, 3.5)


@given(MEANS)
def test_quartiles_equal_numpys_linear_percentiles(values: list[float]) -> None:
    expected = tuple(float(x) for x in np.percentile(values, [25, 50, 75]))
    assert quartiles(values) == expected


def test_the_percentile_rank_counts_ties_as_half() -> None:
    pool = [1.0, 2.0, 2.0, 3.0]
    assert [percentile_rank(pool, own) for own in (0.5, 1.0, 2.0, 2.5, 3.0, 4.0)] == [
        0.0,
        12.5,
        50.0,
        75.0,
        87.5,
        100.0,
    ]


@given(MEANS, st.floats(min_value=1, max_value=5, allow_nan=False))
def test_the_percentile_rank_is_the_share_below_plus_half_the_ties(
    values: list[float], own: float
) -> None:
    below = sum(1 for v in values if v < own)
    ties = sum(1 for v in values if v == own)
    assert percentile_rank(values, own) == 100 * (below + ties / 2) / len(values)
