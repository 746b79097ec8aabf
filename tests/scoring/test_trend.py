"""The trend test between two rounds: Welch's t-test from n, mean and sd (docs/method.md, Trend)."""

from __future__ import annotations

import math
import statistics
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.trend import Change, Summary, compare

from .test_engine_hand import FOUR

# scipy warns when a reference sample has (almost) no spread; our own code never calls it so.
pytestmark = pytest.mark.filterwarnings("ignore:Precision loss occurred")


def summary(values: list[int]) -> Summary:
    sd = statistics.stdev(values) if len(values) >= 2 else None
    return Summary(len(values), statistics.fmean(values), sd)


THEN = [2, 2, 3, 2, 1, 3, 2, 2]
UP = [3, 4, 3, 3, 4, 2, 4, 3, 3]  # clearly higher
SAME = [2, 3, 2, 2, 1, 3, 2, 3]  # a little higher, well within the spread


def test_a_clear_rise_is_larger_than_chance_and_matches_a_hand_computation() -> None:
    then, now = summary(THEN), summary(UP)
    result = compare(then, now)
    # By hand: means 17/8 and 29/9, variances 0.410714… and 0.444444…
    a, b = statistics.variance(THEN) / 8, statistics.variance(UP) / 9
    t = (29 / 9 - 17 / 8) / math.sqrt(a + b)
    df = (a + b) ** 2 / (a**2 / 7 + b**2 / 8)
    assert result.change == pytest.approx(29 / 9 - 17 / 8, abs=1e-12)
    assert (result.t, result.df) == (pytest.approx(t, abs=1e-12), pytest.approx(df, abs=1e-12))
    assert result.direction == "up" and result.significant
    assert result.low is not None and result.low > 0


def test_a_small_change_within_the_spread_is_not() -> None:
    result = compare(summary(THEN), summary(SAME))
    assert result.change == pytest.approx(0.125)
    assert result.direction == "none" and not result.significant
    assert result.low is not None and result.high is not None
    assert result.low < 0 < result.high


def test_a_fall_is_down() -> None:
    assert compare(summary(UP), summary(THEN)).direction == "down"


@pytest.mark.parametrize(
    ("then", "now"),
    [(THEN, UP), (THEN, SAME), (UP, THEN), ([1, 5, 3], [4, 4, 5, 5]), ([3, 3, 3], [2, 4, 5])],
)
def test_statistic_df_p_and_interval_equal_scipys_welch_test(
    then: list[int], now: list[int]
) -> None:
    result = compare(summary(then), summary(now))
    ours = (result.t, result.p)
    reference = stats.ttest_ind(now, then, equal_var=False)
    assert ours == (pytest.approx(reference.statistic), pytest.approx(reference.pvalue))
    from_stats = stats.ttest_ind_from_stats(
        np.mean(now), np.std(now, ddof=1), len(now), np.mean(then), np.std(then, ddof=1),
        len(then), equal_var=False,
    )  # fmt: skip
    assert result.p == pytest.approx(from_stats.pvalue)
    assert result.df == pytest.approx(float(reference.df))
    interval = reference.confidence_interval(0.95)
    assert (result.low, result.high) == (pytest.approx(interval.low), pytest.approx(interval.high))


def test_the_interval_excludes_zero_exactly_when_the_change_counts() -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        then = [int(v) for v in rng.integers(1, 6, size=int(rng.integers(2, 12)))]
        now = [int(v) for v in rng.integers(1, 6, size=int(rng.integers(2, 12)))]
        result = compare(summary(then), summary(now))
        if result.p is None or result.low is None or result.high is None:
            continue
        excludes_zero = result.low > 0 or result.high < 0
        assert excludes_zero == result.significant, (then, now)


def test_unanimous_and_unchanged_is_no_change() -> None:
    assert compare(summary([3, 3, 3]), summary([3, 3, 3, 3])) == Change(
        0.0, 0.0, 0.0, None, None, 1.0, "none"
    )


def test_unanimous_on_different_levels_counts_as_a_real_change() -> None:
    result = compare(summary([2, 2, 2]), summary([3, 3, 3, 3]))
    assert (result.change, result.p, result.direction) == (1.0, 0.0, "up")
    assert (result.low, result.high) == (1.0, 1.0)


def test_one_unanimous_round_still_gets_a_welch_test() -> None:
    result = compare(summary([3, 3, 3, 3]), summary([4, 5, 4, 5, 4]))
    reference = stats.ttest_ind([4, 5, 4, 5, 4], [3, 3, 3, 3], equal_var=False)
    assert result.p == pytest.approx(reference.pvalue)
    assert result.direction == "up"


@pytest.mark.parametrize(
    ("then", "now", "change"),
    [
        (Summary(1, 3.0, None), Summary(5, 4.0, 1.0), 1.0),  # one answer: no spread to judge by
        (Summary(4, 3.0, 1.0), Summary(1, 2.0, None), -1.0),
        (Summary(0, None, None), Summary(5, 4.0, 1.0), None),
    ],
)
def test_without_two_answers_on_both_sides_nothing_is_judged(
    then: Summary, now: Summary, change: float | None
) -> None:
    assert compare(then, now) == Change(change, None, None, None, None, None, None)


def test_condition_results_carry_the_sd_of_the_condition_scores(mini: CapabilityModel) -> None:
    results = score(mini, ResponseMatrix.from_records(mini, FOUR), min_group=3)
    strategy, culture = results.conditions
    assert strategy.current.sd == pytest.approx(statistics.stdev([2.5, 3, 2.5, 7 / 3]))
    assert strategy.ambition.sd == pytest.approx(statistics.stdev([13 / 3, 13 / 3, 4, 3]))
    # r2, r4 are below 60%, which leaves two scores: below the floor of 3, no mean and no sd.
    assert (culture.current.mean, culture.current.sd) == (None, None)


def test_the_condition_sd_stays_out_of_the_results_json(mini: CapabilityModel) -> None:
    results = score(mini, ResponseMatrix.from_records(mini, FOUR), min_group=3).to_dict()
    assert results["conditions"][0]["current"].keys() == {"n", "mean"}


def test_condition_sd_matches_pandas_on_random_answers(mini: CapabilityModel) -> None:
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 7, size=(60, 5)).astype(np.int8)  # 0 blank, 6 don't know
    matrix = ResponseMatrix.from_arrays([a.id for a in mini.aspects], codes, codes)
    results = score(mini, matrix, min_group=3)
    frame = pd.DataFrame(np.where((codes >= 1) & (codes <= 5), codes, np.nan))
    for condition, columns in zip(results.conditions, ([0, 1, 2], [3, 4]), strict=True):
        part = frame[columns]
        scores = part.mean(axis=1)[part.notna().sum(axis=1) * 5 >= 3 * len(columns)]
        assert condition.current.sd == pytest.approx(scores.std(ddof=1))


def test_the_trend_module_never_imports_django() -> None:
    check = (
        "import sys, partnerscan.scoring.trend as t;"
        "t.compare(t.Summary(3, 2.0, 1.0), t.Summary(3, 3.0, 1.0));"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
