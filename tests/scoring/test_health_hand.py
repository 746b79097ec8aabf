"""The numbers of a health check on data small enough to work out by hand."""

from __future__ import annotations

import math

import pytest

from partnerscan.scoring.health import HealthRespondent, dimension_score, health_trend, score_health
from partnerscan.scoring.health_comments import health_comments
from partnerscan.scoring.health_results import HealthComment, SideFigure
from partnerscan.scoring.options import ScoringError, TooFewRespondents
from partnerscan.scoring.records import DK

from .health_support import MODEL, everyone, person
from .helpers import rounded

# Answers in statement order: a1 a2 | b1 b2 b3 | c1 c2 c3 (dimensions two, three, rest).
SIX = [
    person("own", 4, 5, 3, 3, DK, 2, 2, 2),
    person("own", 3, 4, 4, 4, None, 3, 3, 3),
    person("own", 2, DK, 5, 5, 5, 4, 4, 4),
    person("partner", 5, 5, 2, 2, 2, 1, 1, 1),
    person("partner", 4, 4, 3, DK, 3, 2, 2, 2),
    person("partner", 1, 2, 1, 1, 1, 5, 5, 5),
]


def test_six_respondents_by_hand() -> None:
    # Dimension scores (two: both statements needed; three and rest: 2 of 3 needed):
    #   two:   own 4.5, 3.5, none (a2 "dk": 1 of 2 < 60%); partner 5, 4, 1.5
    #          all: 18.5 / 5 = 3.7; squares .64 + .04 + 1.69 + .09 + 4.84 = 7.3, sd √(7.3/4)
    #          own has 2 scores: neither side shown
    #   three: own 3, 4, 5 (mean 4); partner 2, 3, 1 (mean 2); difference 2 − 4 = −2
    #          all 18 / 6 = 3; squares 0 + 1 + 4 + 1 + 0 + 4 = 10, sd √(10/5) = √2
    #   rest:  own 2, 3, 4 (mean 3); partner 1, 2, 5 (mean 8/3); difference −1/3
    #          all 17/6; squares (×36) 25 + 1 + 49 + 121 + 25 + 169 = 390, sd √(390/36/5) = √(13/6)
    # Overall: (37/10 + 3 + 17/6) / 3 = 143/45; no side ("two" hides both).
    # Statements: a1 all 4 3 2 5 4 1 = 19/6, sd √(13/6), own 3, partner 10/3;
    #   a2 5 4 5 4 2 = 4 (one dk), sd √(6/4), own has 2; b1 as "three"; b2 3 4 5 2 1 = 3,
    #   partner has 2; b3 5 2 3 1 = 11/4, squares (×16) 81 + 9 + 1 + 49 = 140, sd √(140/16/3),
    #   own has 1; c1..c3 as "rest".
    def side(n: int, mean: float) -> dict[str, object]:
        return {"n": n, "mean": mean}

    def statement(
        sid: str,
        dim: str,
        n: int,
        dk: int,
        mean: float,
        sd: float,
        counts: list[int],
        sides: tuple[object, object, object] = (None, None, None),
    ) -> dict[str, object]:
        figures = {"n": n, "dont_know": dk, "mean": mean, "sd": sd, "counts": counts}
        own, partner, difference = sides
        return {"id": sid, "code": sid.upper(), "dimension": dim, "all": figures, "own": own,
                "partner": partner, "difference": difference}  # fmt: skip

    rest = (side(3, 3.0), side(3, 8 / 3), -1 / 3)
    three = (side(3, 4.0), side(3, 2.0), -2.0)
    c = statement("c", "rest", 6, 0, 17 / 6, math.sqrt(13 / 6), [1, 2, 1, 1, 1], rest)
    expected = {
        "model": {"id": "test-health", "version": "1.0"},
        "respondents": 6,
        "side_respondents": {"own": 3, "partner": 3},
        "overall": {"mean": 143 / 45, "own": None, "partner": None, "difference": None},
        "dimensions": [
            {
                "id": "two",
                "code": "TWO",
                "all": {"n": 5, "mean": 3.7, "sd": math.sqrt(7.3 / 4)},
                "own": None,
                "partner": None,
                "difference": None,
            },
            {
                "id": "three",
                "code": "THREE",
                "all": {"n": 6, "mean": 3.0, "sd": math.sqrt(2)},
                "own": three[0],
                "partner": three[1],
                "difference": three[2],
            },
            {
                "id": "rest",
                "code": "REST",
                "all": {"n": 6, "mean": 17 / 6, "sd": math.sqrt(13 / 6)},
                "own": rest[0],
                "partner": rest[1],
                "difference": rest[2],
            },
        ],  # fmt: skip
        "statements": [
            statement(
                "a1",
                "two",
                6,
                0,
                19 / 6,
                math.sqrt(13 / 6),
                [1, 1, 1, 2, 1],
                (side(3, 3.0), side(3, 10 / 3), 1 / 3),
            ),  # fmt: skip
            statement("a2", "two", 5, 1, 4.0, math.sqrt(1.5), [0, 1, 0, 2, 2]),
            statement("b1", "three", 6, 0, 3.0, math.sqrt(2), [1, 1, 2, 1, 1], three),
            statement("b2", "three", 5, 1, 3.0, math.sqrt(2.5), [1, 1, 1, 1, 1]),
            statement("b3", "three", 4, 1, 11 / 4, math.sqrt(140 / 48), [1, 1, 1, 0, 1]),
            *({**c, "id": sid, "code": sid.upper()} for sid in ("c1", "c2", "c3")),
        ],
    }
    assert rounded(score_health(MODEL, SIX).to_dict()) == rounded(expected)


@pytest.mark.parametrize(
    ("own", "partner", "sides_shown"), [(3, 3, True), (3, 2, False), (2, 3, False), (2, 2, False)]
)
def test_each_side_is_shown_only_when_both_sides_have_3(
    own: int, partner: int, sides_shown: bool
) -> None:
    # Own answers 4 everywhere, partner 2: the whole is (4·own + 2·partner) / (own + partner).
    results = score_health(MODEL, everyone("own", own, 4) + everyone("partner", partner, 2))
    whole = (4 * own + 2 * partner) / (own + partner)
    own_side, partner_side = (
        (SideFigure(own, 4.0), SideFigure(partner, 2.0))
        if sides_shown
        else (
            None,
            None,
        )
    )
    for figure in [*results.dimensions, *results.statements]:
        assert figure.all.n == own + partner
        assert figure.all.mean == pytest.approx(whole)
        assert (figure.own, figure.partner) == (own_side, partner_side)
        assert figure.difference == (-2.0 if sides_shown else None)
    overall = results.overall
    assert (overall.own, overall.partner, overall.difference) == (
        (4.0, 2.0, -2.0) if sides_shown else (None, None, None)
    )


def test_below_3_counting_respondents_there_are_no_results() -> None:
    padded = everyone("own", 1, 4) + everyone("partner", 1, 4) + everyone("partner", 5, DK)
    with pytest.raises(TooFewRespondents):
        score_health(MODEL, padded)
    assert health_comments(MODEL, padded, b"key") == ()


def test_a_figure_below_3_answers_is_null_but_keeps_its_counts() -> None:
    # Three respondents, but only two answered a1; one said "don't know".
    people = [
        person("own", 4, 4, 4, 4, 4, 4, 4, 4),
        person("own", 5, 4, 4, 4, 4, 4, 4, 4),
        person("partner", DK, 4, 4, 4, 4, 4, 4, 4),
    ]
    a1 = score_health(MODEL, people).statements[0]
    assert a1.all.to_dict() == {"n": 2, "dont_know": 1, "mean": None, "sd": None, "counts": None}
    two = score_health(MODEL, people).dimensions[0]
    assert two.all.to_dict() == {"n": 2, "mean": None, "sd": None}


@pytest.mark.parametrize(
    ("dimension", "answers", "score"),
    [
        (0, (4, None), None),  # 1 of 2 is 50% < 60%
        (0, (4, DK), None),
        (0, (4, 5), 4.5),
        (1, (3, None, DK), None),  # 1 of 3 is 33%
        (1, (3, 4, None), 3.5),  # 2 of 3 is 67%
        (1, (3, 4, 2), 3.0),
    ],
)
def test_a_dimension_score_needs_60_percent_of_its_statements(
    dimension: int, answers: tuple[int | str | None, ...], score: float | None
) -> None:
    block = MODEL.dimensions[dimension]
    respondent = HealthRespondent(
        "own", {s.id: v for s, v in zip(block.statements, answers, strict=True)}
    )
    assert dimension_score(respondent, block) == score


def test_bad_input_names_respondent_and_statement() -> None:
    bad = [
        HealthRespondent("own", {"a1": 6, "zz": 3}),
        HealthRespondent("both", {"a2": True}),  # type: ignore[arg-type]
    ]
    with pytest.raises(ScoringError) as error:
        score_health(MODEL, bad)
    assert error.value.problems == [
        "respondent 1: unknown statement 'zz'",
        "respondent 1, a1: an answer is 1 to 5, 'dk' or empty (got 6)",
        "respondent 2: unknown side 'both'",
        "respondent 2, a2: an answer is 1 to 5, 'dk' or empty (got True)",
    ]


def test_comments_are_keyed_by_dimension_not_statement() -> None:
    people = [person("own", *[4] * 8, comments={"a1": "Keyed by a statement"})] * 3
    with pytest.raises(ScoringError) as error:
        health_comments(MODEL, people, b"key")
    assert error.value.problems == [
        f"respondent {n}: comment on unknown dimension 'a1'" for n in (1, 2, 3)
    ]


def _commented(side: str, text: str | None, value: int | str = 4) -> HealthRespondent:
    return person(side, *[value] * 8, comments={"three": text})  # type: ignore[arg-type]


def test_comments_carry_their_side_only_when_each_side_has_3() -> None:
    own = [_commented("own", "Good talks"), _commented("own", "  "), _commented("own", None)]
    partner = [_commented("partner", "Slow decisions"), _commented("partner", "")]
    # A partner with only "don't know" answers does not count towards the three.
    padded = [*partner, _commented("partner", "No idea", DK)]
    hidden = health_comments(MODEL, own + padded, b"key")
    assert {c.text: c.side for c in hidden[0].comments} == {
        "Good talks": None, "Slow decisions": None, "No idea": None
    }  # fmt: skip
    shown = health_comments(MODEL, own + partner + [_commented("partner", None)], b"key")
    assert [c.dimension for c in shown] == ["three"]
    assert sorted(shown[0].comments, key=lambda c: c.text) == [
        HealthComment("Good talks", "own"),
        HealthComment("Slow decisions", "partner"),
    ]


def test_comment_order_depends_on_the_key_not_on_the_respondents() -> None:
    texts = [f"comment {i}" for i in range(12)]
    people = [_commented("own", t) for t in texts]
    orders = {
        tuple(c.text for c in health_comments(MODEL, list(arrangement), b"key")[0].comments)
        for arrangement in (people, people[::-1], people[3:] + people[:3])
    }
    assert len(orders) == 1
    assert orders != {tuple(texts)}
    other = health_comments(MODEL, people, b"another key")[0].comments
    assert tuple(c.text for c in other) not in orders


def test_trend_is_the_change_of_each_dimension_mean() -> None:
    earlier = score_health(MODEL, everyone("own", 3, 2) + everyone("partner", 3, 3))
    # Now "two" has only 2 scores (mean null), the others rise from 2.5 to 4 without spread.
    now_people = everyone("own", 3, 4)
    now_people[0] = person("own", None, None, 4, 4, 4, 4, 4, 4)
    changes = health_trend(earlier, score_health(MODEL, now_people))
    assert [c.to_dict() for c in changes] == [
        {"id": "two", "earlier": 2.5, "now": None, "change": None, "direction": None},
        {"id": "three", "earlier": 2.5, "now": 4.0, "change": 1.5, "direction": "up"},
        {"id": "rest", "earlier": 2.5, "now": 4.0, "change": 1.5, "direction": "up"},
    ]
