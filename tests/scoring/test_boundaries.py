"""Boundaries of the display rounding, the trend test and the reliability figures, each on the
case that sits exactly on it."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest

from partnerscan.capability.loader import load_file
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, exact, score, stats
from partnerscan.scoring.matrix import encode
from partnerscan.scoring.reliability import ItemTotal, corrected_item_total, icc, reliability
from partnerscan.scoring.trend import Change, Summary, compare

from .helpers import respondent
from .references import cronbach_alpha
from .test_shipped_model_boundaries import SHIPPED

# --- shown numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (Fraction(5, 2), 1, 1),
        (Fraction(123, 50), 1, 2),  # 2.46 is shown with two decimals
        (Fraction(3), 2, 2),
        (Fraction(-246, 100), 1, 2),
    ],
)
def test_decimals_says_whether_a_shown_number_needed_one_more(
    value: Fraction, digits: int, expected: int
) -> None:
    assert stats.decimals(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-2.46, Fraction(-246, 100)),  # a negative gap keeps its level's side too
        (Fraction(-123, 50), Fraction(-246, 100)),
        (0.46, Fraction(46, 100)),  # 0.5 would round to 1, 0.46 rounds to 0
        (-0.44, Fraction(-4, 10)),
        (2.44, Fraction(24, 10)),
    ],
)
def test_a_shown_number_keeps_the_level_of_the_value_on_both_sides_of_zero(
    value: float | Fraction, expected: Fraction
) -> None:
    assert stats.shown(value) == expected  # one decimal unless told otherwise
    assert stats.shown(value, 1) == stats.shown_mean(value) == expected


# --- trend --------------------------------------------------------------------------------------


def test_two_answers_each_way_are_enough_for_the_test() -> None:
    result = compare(Summary(2, 2.0, 1.0), Summary(2, 4.0, 1.0))
    assert result.judged and result.p is not None and result.df == pytest.approx(2.0)


@pytest.mark.parametrize(
    ("then", "now"),
    [
        (Summary(1, 3.0, 0.5), Summary(5, 4.0, 0.5)),
        (Summary(5, 3.0, 0.5), Summary(1, 4.0, 0.5)),
    ],
)
def test_a_round_of_one_answer_is_not_judged_even_with_an_sd(then: Summary, now: Summary) -> None:
    assert compare(then, now) == Change(1.0, None, None, None, None, None, None)


def test_a_unanimous_fall_is_down_without_an_interval_of_chance() -> None:
    assert compare(Summary(3, 4.0, 0.0), Summary(4, 3.0, 0.0)) == Change(
        -1.0, -1.0, -1.0, -math.inf, None, 0.0, "down"
    )


def test_a_significant_rise_of_less_than_one_is_up() -> None:
    then = Summary(10, 2.2, statistics_sd([2, 2, 2, 3, 2, 2, 2, 3, 2, 2]))
    now = Summary(10, 2.9, statistics_sd([3, 3, 3, 3, 3, 3, 3, 3, 2, 3]))
    result = compare(then, now)
    assert result.change == pytest.approx(0.7)
    assert result.direction == "up"


def statistics_sd(values: list[int]) -> float:
    return float(np.std(values, ddof=1))


# --- reliability --------------------------------------------------------------------------------


def test_three_complete_respondents_are_enough_for_item_total_correlations() -> None:
    levels = np.array([[1, 2, 2], [3, 3, 4], [5, 4, 5]], dtype=np.int64)
    rs = corrected_item_total(levels)
    assert all(r is not None for r in rs)
    rest = levels[:, 1:].sum(axis=1)
    assert rs[0] == pytest.approx(float(np.corrcoef(levels[:, 0], rest)[0, 1]))


def test_icc_needs_one_degree_of_freedom_within_groups() -> None:
    # Groups {1, 3} and {4}: N − J = 1. MSB = (2·(2 − 8/3)² + (4 − 8/3)²) / 1 = 8/3, MSW = 2.
    result = icc(np.array([1.0, 3.0, 4.0]), np.array([0, 0, 1], dtype=np.intp))
    k0 = (3 - 5 / 3) / 1
    assert result.n == 3 and result.groups == 2 and result.k0 == pytest.approx(k0)
    assert result.icc1 == pytest.approx((8 / 3 - 2) / (8 / 3 + (k0 - 1) * 2))
    assert result.icc2 == pytest.approx((8 / 3 - 2) / (8 / 3))


def test_reliability_reports_each_aspects_item_total_correlation(mini: CapabilityModel) -> None:
    current = np.array(
        [[1, 2, 2, 3, 3], [3, 3, 4, 2, 4], [5, 4, 5, 4, 4], [2, 2, 3, 1, 2]], dtype=np.int8
    )
    groups = np.array([0, 0, 1, 1], dtype=np.intp)
    strategy, culture = reliability(mini, current, groups)
    levels = current[:, :3].astype(np.int64)
    assert strategy.items == tuple(
        ItemTotal(a, pytest.approx(r), 4)  # type: ignore[arg-type]
        for a, r in zip(("goals", "themes", "selection"), corrected_item_total(levels), strict=True)
    )
    assert [item.aspect for item in culture.items] == ["leadership", "learning"]


def test_reliability_refuses_a_matrix_of_the_wrong_shape(mini: CapabilityModel) -> None:
    with pytest.raises(
        ValueError, match="^current must be respondents × the model.s aspects, one group each$"
    ):
        reliability(mini, np.zeros((3, 4), dtype=np.int8), np.zeros(3, dtype=np.intp))


def test_reliability_per_condition_of_the_shipped_model_equals_the_engines_alpha() -> None:
    model = load_file(SHIPPED)
    rng = np.random.default_rng(14)
    current = rng.integers(1, 6, size=(12, len(model.aspects))).astype(np.int8)
    groups = np.repeat(np.arange(3), 4).astype(np.intp)
    ours = reliability(model, current, groups)
    matrix = ResponseMatrix.from_arrays([a.id for a in model.aspects], current, current)
    engine = score(model, matrix).conditions
    assert [(c.condition, c.alpha_n) for c in ours] == [(c.id, 12) for c in engine]
    assert [c.alpha for c in ours] == [pytest.approx(c.alpha, abs=1e-12) for c in engine]
    start = 0
    for condition, result in zip(model.conditions, ours, strict=True):
        block = current[:, start : start + len(condition.aspects)]
        start += len(condition.aspects)
        assert result.alpha == pytest.approx(cronbach_alpha(pd.DataFrame(block)), abs=1e-12)


def one_aspect_conditions(model: CapabilityModel) -> CapabilityModel:
    """The test model with its last condition split into conditions of one aspect each (the
    schema allows it): one answer is then all of the condition."""
    last = model.conditions[-1]
    singles = [
        last.model_copy(update={"id": f"{last.id}-{i}", "aspects": [aspect]})
        for i, aspect in enumerate(last.aspects)
    ]
    return model.model_copy(update={"conditions": [*model.conditions[:-1], *singles]})


def test_a_one_aspect_conditions_score_is_its_one_answer(mini: CapabilityModel) -> None:
    model = one_aspect_conditions(mini)
    current = np.array(
        [[1, 2, 2, 3, 3], [3, 3, 4, 2, 4], [5, 4, 5, 4, 4], [2, 2, 3, 1, 2]], dtype=np.int8
    )
    groups = np.array([0, 0, 1, 1], dtype=np.intp)
    *_, leadership, learning = reliability(model, current, groups)
    assert leadership.icc == icc(current[:, 3].astype(np.float64), groups)
    assert learning.icc == icc(current[:, 4].astype(np.float64), groups)
    results = score(
        model, ResponseMatrix.from_arrays([a.id for a in model.aspects], current, current)
    )
    assert [c.current.mean for c in results.conditions[-2:]] == [2.5, 3.25]
    assert [c.level for c in results.conditions[-2:]] == [3, 3]  # decided on the exact means


# --- statistics of few answers ------------------------------------------------------------------


def counts(*values: int) -> npt.NDArray[np.int64]:
    return np.array(values, dtype=np.int64)


def test_figures_of_no_or_one_answer_are_none() -> None:
    assert stats.mean(stats.LEVELS, counts(0, 0, 0, 0, 0)) is None
    assert stats.sd(stats.LEVELS, counts(0, 0, 1, 0, 0)) is None
    assert stats.rwg(counts(0, 0, 1, 0, 0)) is None
    assert stats.ad_m(counts(0, 0, 1, 0, 0)) is None
    assert not exact.views_differ(counts(0, 0, 1, 0, 0))


def test_two_answers_have_a_spread() -> None:
    assert stats.ad_m(counts(1, 0, 0, 0, 1)) == 2.0
    assert stats.rwg(counts(1, 0, 0, 0, 1)) == 0.0
    assert exact.views_differ(counts(1, 0, 0, 0, 1))


@pytest.mark.parametrize("value", [0, 6, 7, True, 3.0, "3", "DK"])
def test_only_levels_1_to_5_dk_and_none_are_answers(value: object) -> None:
    with pytest.raises(ValueError, match="is not a level 1 to 5, 'dk' or None"):
        encode(value)  # type: ignore[arg-type]


def test_the_matrix_keeps_each_respondents_group(mini: CapabilityModel) -> None:
    records = [respondent(f"r{i}", [(3, 4)] * 5, group=g) for i, g in enumerate("aab")]
    matrix = ResponseMatrix.from_records(mini, records)
    assert [matrix.group.names[c] for c in matrix.group.codes] == ["a", "a", "b"]
