"""Edge cases of the health check that a mutation run showed no other test pins down."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from partnerscan.capability.health import Dimension
from partnerscan.scoring.health import HealthRespondent, dimension_score, health_trend, score_health
from partnerscan.scoring.health_comments import health_comments
from partnerscan.scoring.health_results import (
    DimensionChange,
    DimensionComments,
    HealthComment,
    HealthOverall,
)
from partnerscan.scoring.records import DK

from .health_support import MODEL, everyone, person

KEY = b"test key"


def _five_statements() -> Dimension:
    # 60% of five is exactly three: the only size where the boundary is reached with equality.
    text = {"nl": "x", "en": "x"}
    return Dimension.model_validate(
        {
            "id": "five",
            "code": "FIVE",
            "name": text,
            "description": text,
            "statements": [{"id": f"s{i}", "code": f"S{i}", "text": text} for i in range(1, 6)],
        }
    )


def test_side_respondents_and_overall_with_unequal_sides() -> None:
    # Every dimension: own 2, 2, 2; partner 4, 4, 4, 4; all (6 + 16) / 7 = 22/7.
    results = score_health(MODEL, everyone("own", 3, 2) + everyone("partner", 4, 4))
    assert results.respondents == 7
    assert results.side_respondents == {"own": 3, "partner": 4}
    assert results.overall == HealthOverall(22 / 7, 2.0, 4.0, 2.0)


def test_a_dimension_score_at_exactly_60_percent() -> None:
    five = _five_statements()
    three_of_five = HealthRespondent("own", {"s1": 1, "s2": 2, "s3": 4, "s4": DK, "s5": None})
    two_of_five = HealthRespondent("own", {"s1": 1, "s2": 2, "s3": DK})
    assert dimension_score(three_of_five, five) == Fraction(7, 3)
    assert dimension_score(two_of_five, five) is None


def test_overall_is_null_when_no_dimension_has_a_mean() -> None:
    # Each answers one statement per dimension: below 60% everywhere, so no dimension scores.
    results = score_health(MODEL, [person("own", 4, None, 4, None, None, 4, None, None)] * 3)
    assert results.respondents == 3
    assert results.overall == HealthOverall(None, None, None, None)


def test_trend_of_a_dimension_the_earlier_check_did_not_have() -> None:
    earlier = score_health(MODEL, everyone("own", 3, 3))
    without_two = dataclasses.replace(earlier, dimensions=earlier.dimensions[1:])
    now = score_health(MODEL, everyone("own", 3, 4))
    assert health_trend(without_two, now) == (
        DimensionChange("two", None, 4.0, None, None),
        DimensionChange("three", 3.0, 4.0, 1.0, "up"),
        DimensionChange("rest", 3.0, 4.0, 1.0, "up"),
    )


def test_comments_are_shown_with_exactly_3_counting_respondents() -> None:
    people = everyone("own", 2, 3) + [person("own", *[3] * 8, comments={"two": " Fine "})]
    assert health_comments(MODEL, people, KEY) == (
        DimensionComments("two", (HealthComment("Fine", None),)),
    )


def test_equal_comments_of_both_sides_are_ordered_by_side_not_by_input() -> None:
    same: dict[str, str | None] = {"rest": "Same"}
    people = [
        person("partner", *[3] * 8, comments=same),
        *everyone("partner", 2, 3),
        *everyone("own", 2, 3),
        person("own", *[3] * 8, comments=same),
    ]
    expected = (
        DimensionComments("rest", (HealthComment("Same", "own"), HealthComment("Same", "partner"))),
    )
    assert health_comments(MODEL, people, KEY) == expected
    assert health_comments(MODEL, people[::-1], KEY) == expected
