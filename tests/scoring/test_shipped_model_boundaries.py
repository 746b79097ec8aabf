"""Boundaries on the shapes of the shipped model (capability_models/): conditions of 4 and of 5
aspects. The test model's conditions have 3 and 2 aspects, where 60% never falls on a whole
number of answers; with 5 aspects, 3 answers are exactly 60% and must count."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from partnerscan.capability.loader import load_file
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score, stats
from partnerscan.scoring.results import Results, Score

SHIPPED = (
    Path(__file__).resolve().parents[2] / "capability_models" / "partnership-capability-1.0.yaml"
)
DONT_KNOW = 6


@pytest.fixture(scope="module")
def shipped() -> CapabilityModel:
    return load_file(SHIPPED)


def test_the_shipped_model_has_conditions_of_four_and_of_five_aspects(
    shipped: CapabilityModel,
) -> None:
    assert sorted({len(c.aspects) for c in shipped.conditions}) == [4, 5]


@pytest.mark.parametrize(
    ("aspects", "counted"),
    [
        (4, [False, False, False, True, True]),  # 3 of 4 is 75%, 2 of 4 is 50%
        (5, [False, False, False, True, True, True]),  # 3 of 5 is exactly 60%
    ],
)
def test_a_condition_score_needs_at_least_sixty_percent_of_its_aspects(
    aspects: int, counted: list[bool]
) -> None:
    answered = np.arange(aspects + 1, dtype=np.int64)
    assert stats.counts_for_condition(answered, aspects).tolist() == counted


def scored(model: CapabilityModel, answered: int, level: int = 4) -> Results:
    """Three respondents who each answer the first `answered` aspects of every condition with
    `level` and the rest with "don't know"."""
    row = []
    for condition in model.conditions:
        m = len(condition.aspects)
        row += [level] * min(answered, m) + [DONT_KNOW] * (m - min(answered, m))
    codes = np.array([row] * 3, dtype=np.int8)
    return score(model, ResponseMatrix.from_arrays([a.id for a in model.aspects], codes, codes))


def test_three_answers_of_a_five_aspect_condition_give_a_score(shipped: CapabilityModel) -> None:
    results = scored(shipped, answered=3)
    by_size = {
        len(c.aspects): r for c, r in zip(shipped.conditions, results.conditions, strict=True)
    }
    assert by_size[5].current == Score(3, 4.0, 0.0)
    assert by_size[4].current == Score(3, 4.0, 0.0)
    assert results.overall.current.mean == 4.0


def test_two_answers_of_a_four_or_five_aspect_condition_give_none(
    shipped: CapabilityModel,
) -> None:
    results = scored(shipped, answered=2)
    assert [c.current for c in results.conditions] == [Score(0, None, None)] * 4
    assert results.overall.current.mean is None
    assert results.overall.level is None


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (2.4499999999999997, 1, Fraction(5, 2)),  # 2.45 on paper, a hair below in binary
        (2.675, 2, Fraction(268, 100)),  # the float is 2.674999999999999822…
        (-0.25, 1, Fraction(-3, 10)),  # halves away from zero
        (2.5, 0, Fraction(3)),
        (2.44, 1, Fraction(12, 5)),  # the margin is a hair, not a rounding of its own
        (2.4999, 0, Fraction(2)),
    ],
)
def test_a_float_on_a_decimal_half_rounds_up(value: float, digits: int, expected: Fraction) -> None:
    assert stats.rounded(value, digits) == expected


def test_a_level_is_the_mean_rounded_half_up_with_the_binary_margin() -> None:
    assert [stats.level_of(v) for v in (2.4999999999999996, 2.5, 3.4999, 3.5, 4.5)] == [
        3,
        3,
        3,
        4,
        5,
    ]
