"""Boundaries and ties are decided on exact values (docs/method.md, "Exact decisions").

The engine's booleans, levels and orderings are checked against a reference written plainly with
fractions.Fraction from the respondents' answers, on random answer sets and on the boundary cases
that float arithmetic gets wrong: ad_m exactly 5/6, equal condition means, equal priorities such
as 1.2 × 2 and 0.8 × 3, and means exactly on a rounding half (x.45, x.5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from partnerscan.capability.loader import load_file
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, score, stats
from partnerscan.scoring.records import AspectAnswer, RespondentRecord, Value

from .helpers import respondent

FULL_MODEL = (
    Path(__file__).resolve().parents[2] / "capability_models" / "partnership-capability-1.0.yaml"
)
HALF = Fraction(1, 2)
SHARES = [
    {},
    {"chain": 1.0},
    {"chain": 0.1, "regional": 0.2, "innovation": 0.7},
    {"chain": 0.3, "regional": 0.3, "innovation": 0.4},
    {"chain": 0.25, "regional": 0.25, "innovation": 0.5},
    {"chain": 0.6, "regional": 0.4},
]


# --- the reference ------------------------------------------------------------------------------


def level(mean: Fraction) -> int:
    """The exact mean rounded half up (PRODUCT.md §4)."""
    return math.floor(mean + HALF)


def shown(mean: Fraction) -> Fraction:
    """One decimal half up, unless that rounds to another whole number than the mean: then cut
    off at two decimals."""
    one = Fraction(math.floor(mean * 10 + HALF), 10)
    return one if level(one) == level(mean) else Fraction(math.floor(mean * 100), 100)


def mean(values: Sequence[Fraction | int]) -> Fraction:
    return sum((Fraction(v) for v in values), Fraction(0)) / len(values)


def numbers(values: Sequence[Value]) -> list[int]:
    return [v for v in values if isinstance(v, int)]


@dataclass(frozen=True)
class Figure:
    """A reference value and how many answers (or scores) it rests on."""

    value: Fraction | None
    n: int


def condition_mean(records: Sequence[RespondentRecord], aspects: Sequence[str]) -> Figure:
    scores = []
    for record in records:
        answered = numbers([record.answers[a].current for a in aspects])
        if len(answered) * 5 >= 3 * len(aspects):  # at least 60% of the aspects
            scores.append(Fraction(sum(answered), len(answered)))
    return Figure(mean(scores) if scores else None, len(scores))


def views_differ(current: list[int]) -> bool:
    if len(current) < 2:
        return False
    centre = mean(current)
    return mean([abs(v - centre) for v in current]) > Fraction(5, 6)


def weight(model: CapabilityModel, aspect: str, shares: Mapping[str, float]) -> Fraction:
    if not shares:
        return Fraction(1)
    weights = model.aspect(aspect).weights
    return sum((Fraction(str(s)) * weights.get(t) for t, s in shares.items()), Fraction(0))


def priority(
    model: CapabilityModel,
    aspect: str,
    records: Sequence[RespondentRecord],
    shares: Mapping[str, float],
) -> Figure:
    gaps = [
        a.ambition - a.current
        for a in (r.answers[aspect] for r in records)
        if isinstance(a.current, int) and isinstance(a.ambition, int)
    ]
    return Figure(mean(gaps) * weight(model, aspect, shares) if gaps else None, len(gaps))


def decisions(
    model: CapabilityModel,
    records: Sequence[RespondentRecord],
    shares: Mapping[str, float],
    results: dict[str, Any],
) -> dict[str, Any]:
    """The reference's booleans, levels and orderings.

    Where the engine shows no number, the reference checks that the figure rests on fewer than
    3 answers (suppressed for anonymity) and then leaves it out, as the engine does.
    """
    currents = {a.id: numbers([r.answers[a.id].current for r in records]) for a in model.aspects}
    means: list[Fraction | None] = []
    for c, condition in enumerate(model.conditions):
        figure = condition_mean(records, [a.id for a in condition.aspects])
        if results["conditions"][c]["current"]["mean"] is None:
            assert figure.n < 3
            means.append(None)
        else:
            means.append(figure.value)
    known = [(m, c) for c, m in enumerate(means) if m is not None]
    candidates = []
    for i, aspect in enumerate(model.aspects):
        figure = priority(model, aspect.id, records, shares)
        if results["aspects"][i]["priority"] is None:
            assert figure.n < 3
        elif figure.value is not None and figure.value > 0:
            candidates.append((-figure.value, i))
    leads = [model.aspects[i].id for _, i in sorted(candidates)[:3]]
    return {
        "views_differ": [views_differ(currents[a.id]) for a in model.aspects],
        "levels": [None if m is None else level(m) for m in means],
        "overall": level(mean([m for m, _ in known])) if known else None,
        "weakest": model.conditions[min(known)[1]].id if known else None,
        "leads": [(a, level(mean(currents[a]))) for a in leads],
    }


def engine_decisions(results: dict[str, Any], model: CapabilityModel) -> dict[str, Any]:
    aspects = results["aspects"]
    return {
        # An aspect whose distribution is suppressed cannot show that views differ.
        "views_differ": [a["agreement"]["views_differ"] for a in aspects],
        "levels": [c["level"] for c in results["conditions"]],
        "overall": results["overall"]["level"],
        "weakest": results["overall"]["weakest_condition"],
        "leads": [(lead["aspect"], lead["level"]) for lead in results["leads"]],
    }


def scored(
    model: CapabilityModel, records: Sequence[RespondentRecord], shares: Mapping[str, float]
) -> dict[str, Any]:
    matrix = ResponseMatrix.from_records(model, list(records))
    return score(model, matrix, shares=dict(shares) or None, min_group=3, lang="en").to_dict()


def check(
    model: CapabilityModel, records: Sequence[RespondentRecord], shares: Mapping[str, float]
) -> None:
    results = scored(model, records, shares)
    expected = decisions(model, records, shares, results)
    actual = engine_decisions(results, model)
    for i, aspect in enumerate(results["aspects"]):
        if aspect["current"]["mean"] is None:  # suppressed: rests on fewer than 3 answers
            assert len(numbers([r.answers[model.aspects[i].id].current for r in records])) < 3
            expected["views_differ"][i] = actual["views_differ"][i] = False
    assert actual == expected


# --- answer sets --------------------------------------------------------------------------------

# Few distinct values make equal means and exact halves likely; the full range finds the rest.
pools = st.sampled_from([(2, 3), (1, 3), (2, 4), (1, 2, 3), (3, 4, 5), (1, 2, 3, 4, 5)])


@st.composite
def answer_sets(
    draw: st.DrawFn, aspects: int, max_size: int = 30
) -> list[list[tuple[Value, Value]]]:
    pool = draw(pools)
    value = (
        st.one_of(st.sampled_from(pool), st.sampled_from(["dk", None]))
        if draw(st.booleans())
        else st.sampled_from(pool)
    )
    pair = st.tuples(value, value)
    rows = st.lists(
        st.lists(pair, min_size=aspects, max_size=aspects), min_size=3, max_size=max_size
    )
    # The engine refuses a set with fewer than 3 respondents who gave a numeric answer.
    return draw(rows.filter(lambda rows: sum(map(_numeric, rows)) >= 3))


def _numeric(row: list[tuple[Value, Value]]) -> bool:
    return any(isinstance(value, int) for pair in row for value in pair)


def mini_records(rows: list[list[tuple[Value, Value]]]) -> list[RespondentRecord]:
    return [respondent(str(i), row) for i, row in enumerate(rows)]


def full_records(
    model: CapabilityModel, rows: list[list[tuple[Value, Value]]]
) -> list[RespondentRecord]:
    ids = [a.id for a in model.aspects]
    return [
        RespondentRecord(
            str(i), None, None, None, {a: AspectAnswer(*p) for a, p in zip(ids, row, strict=True)}
        )
        for i, row in enumerate(rows)
    ]


def counts_rows(counts: Sequence[int], ambition: int = 5) -> list[list[tuple[Value, Value]]]:
    """Respondents answering level v (counts[v - 1] times) on every aspect."""
    levels = [v for v, c in enumerate(counts, start=1) for _ in range(c)]
    return [[(v, ambition)] * 5 for v in levels]


EQUAL_PRIORITIES: list[list[tuple[Value, Value]]] = [
    [(1, 3), (3, 3), (2, 2), (3, 3), (3, 3)],
    *[[(1, 2), (3, 3), (2, 3), (3, 3), (3, 3)]] * 4,
]
# Both conditions 2.45 (11 respondents at 2, 9 at 3): shown 2,5, level 3; weakest: the first.
EQUAL_MEANS_AT_A_HALF: list[list[tuple[Value, Value]]] = [[(2, 3)] * 5] * 11 + [[(3, 3)] * 5] * 9
# ad_m exactly 5/6 where the float ad_m is 0.8333333333333335 (> 5/6), and one where it is exact.
AT_FIVE_SIXTHS = [(0, 2, 7, 0, 3), (1, 8, 6, 1, 2), (3, 0, 8, 0, 1), (0, 0, 2, 1, 3)]


@pytest.fixture(scope="module")
def full() -> CapabilityModel:
    return load_file(FULL_MODEL)


# --- properties ---------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(rows=answer_sets(5), shares=st.sampled_from(SHARES))
@example(rows=counts_rows(AT_FIVE_SIXTHS[0]), shares={})
@example(rows=counts_rows(AT_FIVE_SIXTHS[1]), shares={})
@example(rows=EQUAL_MEANS_AT_A_HALF, shares={})
@example(rows=EQUAL_PRIORITIES, shares={"chain": 1.0})
def test_the_engine_decides_as_the_exact_reference(
    mini: CapabilityModel, rows: list[list[tuple[Value, Value]]], shares: dict[str, float]
) -> None:
    check(mini, mini_records(rows), shares)


@settings(max_examples=40, deadline=None)
@given(data=st.data(), shares=st.sampled_from(SHARES))
def test_the_engine_decides_as_the_exact_reference_on_the_full_model(
    full: CapabilityModel, data: st.DataObject, shares: dict[str, float]
) -> None:
    rows = data.draw(answer_sets(len(full.aspects), max_size=12))
    check(full, full_records(full, rows), shares)


# --- the boundary cases, named ------------------------------------------------------------------


@pytest.mark.parametrize("counts", AT_FIVE_SIXTHS)
def test_an_ad_m_of_exactly_five_sixths_is_not_views_differ(
    mini: CapabilityModel, counts: tuple[int, ...]
) -> None:
    aspect = scored(mini, mini_records(counts_rows(counts)), {})["aspects"][0]
    assert (
        aspect["agreement"]["ad_m"] == pytest.approx(5 / 6),
        aspect["agreement"]["views_differ"],
    ) == (
        True,
        False,
    )


def test_equal_priorities_keep_model_order(mini: CapabilityModel) -> None:
    # With only chain partnerships goals weighs 2 and selection 3. Goals' gaps 2, 1, 1, 1, 1
    # (mean 1.2) and selection's 0, 1, 1, 1, 1 (mean 0.8) give both 2.4; in floats 0.8 × 3 is
    # 2.4000000000000004 and would put selection first.
    results = scored(mini, mini_records(EQUAL_PRIORITIES), {"chain": 1.0})
    priorities = {a["id"]: a["priority"] for a in results["aspects"]}
    assert (priorities["goals"], priorities["selection"]) == (2.4, 2.4)
    assert [lead["aspect"] for lead in results["leads"]] == ["goals", "selection"]


def test_equal_condition_means_name_the_first_condition_the_weakest(mini: CapabilityModel) -> None:
    # Every respondent scores 2 on strategy and 2 on culture, by different routes.
    rows = [[(1, 5), (2, 5), (3, 5), (2, 5), (2, 5)], [(3, 5), (2, 5), (1, 5), (1, 5), (3, 5)]] * 2
    overall = scored(mini, mini_records(rows), {})["overall"]
    assert (overall["weakest_condition"], overall["level"]) == ("strategy", 2)


@pytest.mark.parametrize(
    ("mean", "expected", "display"),
    [
        (Fraction(49, 20), 2, Fraction(245, 100)),  # 2.45: level 2, so not shown as 2,5
        (Fraction(2499, 1000), 2, Fraction(249, 100)),  # cut off, never rounded up to 2,50
        (Fraction(489, 200), 2, Fraction(24, 10)),  # 2.445 is shown as 2,4
        (Fraction(5, 2), 3, Fraction(25, 10)),
        (Fraction(29, 12), 2, Fraction(24, 10)),  # 2.4166… is shown as 2,4
        (Fraction(7, 2) - Fraction(1, 30), 3, Fraction(346, 100)),  # 3.4666…
        (Fraction(1), 1, Fraction(1)),
        (Fraction(5), 5, Fraction(5)),
    ],
)
def test_the_level_is_the_mean_rounded_half_up_and_the_shown_mean_agrees(
    mean: Fraction, expected: int, display: Fraction
) -> None:
    assert (stats.level_of(mean), stats.level_of(float(mean)), level(mean)) == (
        expected,
        expected,
        expected,
    )
    assert (stats.shown_mean(mean), stats.shown_mean(float(mean)), shown(mean)) == (
        display,
        display,
        display,
    )
    assert stats.round_half_up(display) == expected


@settings(max_examples=300, deadline=None)
@given(numerator=st.integers(10, 5000), denominator=st.integers(10, 1000))
def test_a_float_mean_gets_the_level_of_its_exact_value(numerator: int, denominator: int) -> None:
    # The float of a mean with a modest denominator lies within the binary margin of it only.
    exact = Fraction(numerator, denominator)
    if not 1 <= exact <= 5:
        return
    assert (stats.shown_mean(float(exact)), stats.level_of(float(exact))) == (
        stats.shown_mean(exact),
        level(exact),
    )
