"""Where a value stands among a pool of values: the quartiles and the percentile rank.

The benchmark shows each round's mean against its peers' means with these two figures.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

QUARTILES = (25.0, 50.0, 75.0)


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """Lower quartile, median and upper quartile: numpy.percentile's default (linear) method."""
    q1, median, q3 = np.percentile(np.asarray(values, dtype=np.float64), QUARTILES)
    return float(q1), float(median), float(q3)


def percentile_rank(values: Sequence[float], own: float) -> float:
    """The share of `values` below `own`, ties counting half, as a percentage (0..100)."""
    pool = np.asarray(values, dtype=np.float64)
    twice = 2 * int(np.count_nonzero(pool < own)) + int(np.count_nonzero(pool == own))
    return 50 * twice / pool.size
