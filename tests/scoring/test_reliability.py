"""The pool's reliability figures, checked against textbook formulas computed directly."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score
from partnerscan.scoring.matrix import DK_CODE
from partnerscan.scoring.reliability import (
    Icc,
    alpha,
    complete_levels,
    condition_scores,
    corrected_item_total,
    icc,
    reliability,
)

from .references import cronbach_alpha, icc1_and_icc1k

Codes = npt.NDArray[np.int8]


def levels_st(min_rows: int = 3, max_rows: int = 40, columns: int = 4) -> st.SearchStrategy:  # type: ignore[type-arg]
    return hnp.arrays(
        np.int64,
        st.tuples(st.integers(min_rows, max_rows), st.just(columns)),
        elements=st.integers(1, 5),
    )


codes_st = hnp.arrays(
    np.int8,
    st.tuples(st.integers(3, 40), st.just(5)),
    elements=st.sampled_from([0, 1, 2, 3, 4, 5, DK_CODE]),
)


def as_float(codes: Codes) -> pd.DataFrame:
    """Levels as numbers, everything else (not answered, don't know) as NaN."""
    numeric = (codes >= 1) & (codes <= 5)
    return pd.DataFrame(np.where(numeric, codes, np.nan))


# --- alpha --------------------------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(levels=levels_st())
def test_alpha_equals_the_textbook_formula(levels: npt.NDArray[np.int64]) -> None:
    ours = alpha(levels)
    assume(ours is not None)
    expected = cronbach_alpha(pd.DataFrame(levels))
    assert ours == pytest.approx(expected, abs=1e-10)


@settings(max_examples=60, deadline=None)
@given(codes=codes_st)
def test_alpha_is_the_textbook_formula_on_the_listwise_complete_rows(codes: Codes) -> None:
    block = codes[:, :3]
    ours = alpha(complete_levels(block))
    assume(ours is not None)
    expected = cronbach_alpha(as_float(block))
    assert ours == pytest.approx(expected, abs=1e-10)


@settings(max_examples=40, deadline=None)
@given(codes=codes_st)
def test_alpha_per_condition_equals_the_engines(mini: CapabilityModel, codes: Codes) -> None:
    assume(int(((codes >= 1) & (codes <= 5)).any(axis=1).sum()) >= 3)  # the engine's floor
    matrix = ResponseMatrix.from_arrays([a.id for a in mini.aspects], codes, codes)
    engine = score(mini, matrix).conditions
    groups = np.zeros(codes.shape[0], dtype=np.intp)
    ours = reliability(mini, codes, groups)
    # The same formula on the same counts; only the order of a float sum may differ.
    assert [(c.alpha, c.alpha_n) for c in ours] == [
        (None if c.alpha is None else pytest.approx(c.alpha, abs=1e-12), c.alpha_n) for c in engine
    ]


def test_alpha_is_null_below_three_complete_respondents_or_without_variance() -> None:
    assert alpha(np.array([[1, 2], [3, 4]], dtype=np.int64)) is None
    assert alpha(np.array([[3, 3], [3, 3], [3, 3]], dtype=np.int64)) is None
    assert alpha(np.array([[1], [2], [3]], dtype=np.int64)) is None
    assert alpha(np.empty((0, 3), dtype=np.int64)) is None


# --- corrected item–total -----------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(levels=levels_st())
def test_corrected_item_total_equals_a_direct_computation(levels: npt.NDArray[np.int64]) -> None:
    frame = pd.DataFrame(levels)
    expected = [frame[c].corr(frame.drop(columns=c).sum(axis=1)) for c in frame.columns]
    ours = corrected_item_total(levels)
    for got, want in zip(ours, expected, strict=True):
        if got is None:  # undefined exactly where pandas has no number either
            assert math.isnan(want) or frame.std().min() == 0
        else:
            assert got == pytest.approx(want, abs=1e-10)


def test_corrected_item_total_leaves_the_item_out_of_the_total() -> None:
    # With two aspects the rest is the other aspect: r is their plain correlation, lower than
    # the aspect's correlation with a total that contains itself.
    levels = np.array([[1, 2], [2, 1], [3, 3], [4, 5], [5, 4]], dtype=np.int64)
    between = float(np.corrcoef(levels.T)[0, 1])
    assert corrected_item_total(levels) == (pytest.approx(between), pytest.approx(between))
    assert between < float(np.corrcoef(levels[:, 0], levels.sum(axis=1))[0, 1])


def test_corrected_item_total_is_null_when_undefined() -> None:
    constant = np.array([[3, 1], [3, 2], [3, 4]], dtype=np.int64)
    assert corrected_item_total(constant) == (None, None)
    assert corrected_item_total(np.array([[1, 2], [2, 3]], dtype=np.int64)) == (None, None)
    assert corrected_item_total(np.array([[1], [2], [4]], dtype=np.int64)) == (None,)


# --- ICC ----------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    scores=hnp.arrays(
        np.float64,
        st.tuples(st.integers(2, 8), st.integers(2, 6)),
        elements=st.integers(1, 5).map(float),
    )
)
def test_icc_equals_icc1_and_icc1k_from_the_anova_mean_squares_on_balanced_data(
    scores: npt.NDArray[np.float64],
) -> None:
    targets, raters = scores.shape
    assume(scores.size >= 5)
    groups = np.repeat(np.arange(targets), raters).astype(np.intp)
    ours = icc(scores.ravel(), groups)
    assume(ours.icc1 is not None and ours.icc2 is not None)
    icc1, icc1k = icc1_and_icc1k(scores)
    assert (ours.icc1, ours.icc2) == (
        pytest.approx(icc1, rel=1e-9, abs=1e-10),
        pytest.approx(icc1k, rel=1e-9, abs=1e-10),
    )
    assert (ours.groups, ours.n, ours.k0) == (targets, targets * raters, pytest.approx(raters))


def test_icc_with_unequal_groups_uses_the_adjusted_group_size() -> None:
    # Groups {1, 2, 3} and {4, 5}: MSB = 7.5, MSW = 5/6, k0 = (5 − 13/5) / 1 = 2.4.
    scores = np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    groups = np.array([0, 0, 0, 1, 1], dtype=np.intp)
    assert icc(scores, groups) == Icc(
        pytest.approx(10 / 13), pytest.approx(8 / 9), 2, 5, pytest.approx(2.4)
    )


def test_icc_leaves_respondents_without_a_score_out() -> None:
    scores = np.array([1.0, 2.0, np.nan, 3.0, 4.0, 5.0, np.nan])
    groups = np.array([0, 0, 0, 0, 1, 1, 2], dtype=np.intp)
    assert icc(scores, groups) == icc(
        np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([0, 0, 0, 1, 1], dtype=np.intp)
    )


def test_icc_is_null_when_undefined() -> None:
    one_group = icc(np.array([1.0, 2.0, 3.0]), np.zeros(3, dtype=np.intp))
    assert one_group == Icc(None, None, 1, 3, None)
    singletons = icc(np.array([1.0, 2.0, 3.0]), np.arange(3, dtype=np.intp))
    assert singletons == Icc(None, None, 3, 3, None)
    flat = icc(np.full(6, 3.0), np.repeat(np.arange(3), 2).astype(np.intp))
    assert (flat.icc1, flat.icc2) == (None, None)


def test_icc2_is_null_when_groups_do_not_differ_and_icc1_is_its_floor() -> None:
    scores = np.array([1.0, 3.0, 1.0, 3.0, 1.0, 3.0])  # every group's mean is 2
    result = icc(scores, np.repeat(np.arange(3), 2).astype(np.intp))
    assert result.icc2 is None
    assert result.icc1 == pytest.approx(-1.0)  # −1 / (k − 1) with k = 2


# --- condition scores and the whole model -------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(codes=codes_st)
def test_condition_scores_follow_the_engines_sixty_percent_rule(
    mini: CapabilityModel, codes: Codes
) -> None:
    assume(int(((codes >= 1) & (codes <= 5)).any(axis=1).sum()) >= 3)  # the engine's floor
    matrix = ResponseMatrix.from_arrays([a.id for a in mini.aspects], codes, codes)
    engine = score(mini, matrix).conditions
    start = 0
    for condition, result in zip(mini.conditions, engine, strict=True):
        m = len(condition.aspects)
        scores = condition_scores(codes[:, start : start + m])
        start += m
        known = scores[~np.isnan(scores)]
        assert known.size == result.current.n
        if known.size >= 3:
            assert float(known.mean()) == pytest.approx(result.current.mean, abs=1e-12)


def test_reliability_covers_every_condition_and_aspect(mini: CapabilityModel) -> None:
    rng = np.random.default_rng(7)
    codes = rng.integers(1, 6, size=(30, 5)).astype(np.int8)
    groups = np.repeat(np.arange(6), 5).astype(np.intp)
    result = reliability(mini, codes, groups)
    assert [c.condition for c in result] == ["strategy", "culture"]
    assert [[i.aspect for i in c.items] for c in result] == [
        ["goals", "themes", "selection"],
        ["leadership", "learning"],
    ]
    assert all(c.alpha_n == 30 and c.icc.groups == 6 and c.icc.n == 30 for c in result)


def test_reliability_refuses_a_matrix_of_the_wrong_shape(mini: CapabilityModel) -> None:
    with pytest.raises(ValueError, match="aspects"):
        reliability(mini, np.zeros((4, 3), dtype=np.int8), np.zeros(4, dtype=np.intp))
