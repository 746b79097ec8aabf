"""The checks of the scoring package, each message whole: challenge shares at their limits,
label arrays, a matrix of another model, and rounding just below 1."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, ScoringError, score, stats
from partnerscan.scoring.matrix import Labels
from partnerscan.scoring.options import check_shares


@pytest.mark.parametrize(
    ("shares", "problems"),
    [
        ({"chain": 0.0, "innovation": 1.0}, []),  # a share of 0 is allowed
        ({"chain": 0.5, "innovation": 0.4999995}, []),  # within 1e-6 of 1
        ({"chain": -0.5, "innovation": 1.5}, ["a challenge share must be a number of at least 0"]),
        ({"chain": float("nan")}, ["a challenge share must be a number of at least 0"]),
        (
            {"chain": 0.5, "innovation": 0.499},
            ["challenge shares must sum to 1 (they sum to 0.999)"],
        ),
    ],
)
def test_challenge_shares_at_their_limits(
    mini: CapabilityModel, shares: dict[str, float], problems: list[str]
) -> None:
    assert check_shares(mini, shares) == problems


@pytest.mark.parametrize(
    ("codes", "names", "message"),
    [
        (np.zeros((1, 2), dtype=np.intp), ("a",), "label codes must be a 1-D intp array"),
        (np.zeros(2, dtype=np.float64), ("a",), "label codes must be a 1-D intp array"),
        (np.zeros(2, dtype=np.intp), ("a", "a"), "label names must be unique"),
    ],
)
def test_labels_are_checked(codes: np.ndarray, names: tuple[str, ...], message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=f"^{message}$"):
        Labels(codes, names)


def test_a_matrix_of_other_aspects_is_refused(mini: CapabilityModel) -> None:
    codes = np.full((3, 5), 3, dtype=np.int8)
    matrix = ResponseMatrix.from_arrays(["a", "b", "c", "d", "e"], codes, codes)
    with pytest.raises(ScoringError) as refused:
        score(mini, matrix)
    assert refused.value.problems == [
        "the response matrix does not hold this model's aspects in order"
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.46, Fraction(1, 2)), (Fraction(23, 50), Fraction(1, 2)), (0.04, Fraction(0))],
)
def test_a_positive_number_below_1_rounds_to_a_positive_number(
    value: float | Fraction, expected: Fraction
) -> None:
    assert stats.rounded(value, 1) == expected


IDS = ["goals", "themes", "selection", "leadership", "learning"]
THREES = [[3] * 5] * 3


@pytest.mark.parametrize(
    ("codes", "names", "message"),
    [
        (np.array([0, 2], dtype=np.intp), ("a", "b"), "label codes must index into the names"),
        (np.array([-1, 0], dtype=np.intp), ("a", "b"), "label codes must index into the names"),
        (np.array([0, 1], dtype=np.intp), ("a", "b"), None),
    ],
)
def test_label_codes_index_into_the_names(
    codes: np.ndarray,  # type: ignore[type-arg]
    names: tuple[str, ...],
    message: str | None,
) -> None:
    if message is None:
        assert Labels(codes, names).names == names
        return
    with pytest.raises(ValueError, match=f"^{message}$"):
        Labels(codes, names)


def test_a_matrix_converts_lists_of_codes() -> None:
    matrix = ResponseMatrix.from_arrays(IDS, THREES, THREES)
    assert (matrix.respondents, matrix.current.dtype, matrix.ambition.dtype) == (
        3,
        np.int8,
        np.int8,
    )


@pytest.mark.parametrize(
    ("current", "ambition", "message"),
    [
        ([[3] * 4] * 3, [[3] * 4] * 3, r"current must be an int8 array of shape \(3, 5\)"),
        (THREES, [[3] * 5] * 2, r"ambition must be an int8 array of shape \(3, 5\)"),
        ([[7] * 5] * 3, THREES, "current holds codes outside 0..6"),
        (THREES, [[3, 3, 3, 3, -1]] * 3, "ambition holds codes outside 0..6"),
    ],
)
def test_a_matrix_refuses_codes_of_another_shape_or_range(
    current: list[list[int]], ambition: list[list[int]], message: str
) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        ResponseMatrix.from_arrays(IDS, current, ambition)


def test_every_grouping_needs_one_label_per_respondent() -> None:
    with pytest.raises(ValueError, match="^every grouping needs one label per respondent$"):
        ResponseMatrix.from_arrays(IDS, THREES, THREES, role=Labels.from_values(["a", "b"]))
