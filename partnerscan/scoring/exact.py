"""Exact values behind the engine's decisions (docs/method.md, "Exact decisions").

Every threshold, rounding and tie is decided on these Fractions, computed from the same integer
histograms as the floats the results show; the floats are for display only. A float can put a
value a hair on the wrong side of a boundary (an ad_m of exactly 5/6 computes as
0.8333333333333335), a Fraction cannot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

import numpy as np

from partnerscan.capability.schema import Aspect
from partnerscan.scoring import stats
from partnerscan.scoring.tally import ConditionLayout, Hist


def mean(counts: Iterable[int], first: int = 1) -> Fraction | None:
    """The mean of values first, first + 1, ... occurring `counts` times; None without any."""
    n = total = 0
    for value, count in enumerate(map(int, counts), start=first):
        n += count
        total += value * count
    return Fraction(total, n) if n else None


def views_differ(counts: Iterable[int]) -> bool:
    """ad_m > 5/6 for counts of levels 1..5, in integers.

    With n answers summing to S, ad_m = Σ c_v |v − S/n| / n = Σ c_v |n v − S| / n², so
    ad_m > 5/6 exactly when 6 Σ c_v |n v − S| > 5 n². Below two answers there is no ad_m.
    """
    levels = [int(c) for c in counts]
    n = sum(levels)
    if n < 2:
        return False
    total = sum(v * c for v, c in enumerate(levels, start=1))
    spread = sum(c * abs(n * v - total) for v, c in enumerate(levels, start=1))
    above = stats.VIEWS_DIFFER_ABOVE
    return above.denominator * spread > above.numerator * n * n


def condition_mean(hist: Hist, layout: ConditionLayout) -> Fraction | None:
    """The mean of the respondents' condition scores (total / count where count >= 60% of m)
    from one selection's histogram of packed (count, total); None when nobody has a score."""
    packed = np.arange(layout.bins)
    count, total = packed // layout.base, packed % layout.base
    counted = stats.counts_for_condition(count, layout.m)
    n, result = 0, Fraction(0)
    for answered in range(1, layout.m + 1):
        cells = counted & (count == answered)
        respondents = int(hist[cells].sum())
        if respondents:
            n += respondents
            result += Fraction(int(hist[cells] @ total[cells]), answered)
    return result / n if n else None


def mean_of(values: Iterable[Fraction | None]) -> Fraction | None:
    """The mean of the known values (the overall mean of condition means); None without any."""
    known = [v for v in values if v is not None]
    return sum(known, Fraction(0)) / len(known) if known else None


def share(value: float) -> Fraction:
    """A challenge share as the decimal it was entered as: 0.1 is 1/10, not the binary
    0.1000000000000000055…; str() of a float is its shortest round-tripping decimal."""
    return Fraction(str(value))


def weight(aspect: Aspect, shares: Mapping[str, float]) -> Fraction:
    """Σ share(type) × weight(aspect, type); 1 without shares."""
    if not shares:
        return Fraction(1)
    return sum((share(s) * aspect.weights.get(t) for t, s in shares.items()), Fraction(0))


def gap_mean(pairs: Hist) -> Fraction | None:
    """The mean of ambition − current from a 7×7 table of (current code, ambition code)."""
    return mean(stats.gap_counts(pairs[1:6, 1:6]), first=-4)


def priority(aspect: Aspect, pairs: Hist, shares: Mapping[str, float]) -> Fraction | None:
    """Gap mean × weight; None without a gap."""
    gap = gap_mean(pairs)
    return None if gap is None else gap * weight(aspect, shares)
