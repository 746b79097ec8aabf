"""Hand-computed results of small cases (docs/method.md explains each number)."""

from __future__ import annotations

import math

import pytest

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, ScoringError, TooFewRespondents, score
from partnerscan.scoring.records import RespondentRecord

from .helpers import respondent, rounded

# Four respondents, aspects goals, themes, selection (strategy), leadership, learning (culture).
FOUR = [
    respondent("r1", [(2, 4), (3, 4), ("dk", 5), (1, 3), (2, 2)], role="board"),
    respondent("r2", [(4, 4), (3, 5), (2, 4), (None, None), (3, 4)], role="board"),
    respondent("r3", [(3, 5), ("dk", "dk"), (2, 3), (2, 4), (4, 5)], role="board"),
    respondent("r4", [(3, None), (3, 4), (1, 2), ("dk", 5), (1, 3)], role="staff"),
]


def dist(n, dk, mean, median, sd, counts):  # type: ignore[no-untyped-def]
    return {"n": n, "dont_know": dk, "mean": mean, "median": median, "sd": sd, "counts": counts}


def aspect(id_, code, condition, current, ambition, gap, agreement, insufficient, priority):  # type: ignore[no-untyped-def]
    ad_m, rwg = agreement
    return {
        "id": id_,
        "code": code,
        "condition": condition,
        "current": current,
        "ambition": ambition,
        "gap": dict(zip(("n", "mean", "median"), gap, strict=True)),
        "agreement": {"ad_m": ad_m, "rwg": rwg, "views_differ": ad_m is not None and ad_m > 5 / 6},
        "insufficient_view": insufficient,
        "weight": 1.0,
        "priority": priority,
    }


SUPPRESSED = {"suppressed": True, "groups": []}
EXPECTED_FOUR = {
    "model": {"id": "mini", "version": "1.0"},
    "respondents": 4,
    "min_group": 3,
    "lang": "en",
    "challenge_shares": {},
    "overall": {
        # Culture's current score rests on 2 respondents, so it is not shown and not averaged.
        "current": {"mean": 31 / 12},
        "ambition": {"mean": 91 / 24},
        "level": 3,
        "weakest_condition": "strategy",
    },
    "conditions": [
        {
            "id": "strategy",
            "current": {"n": 4, "mean": 31 / 12},  # 2.5, 3, 2.5, 7/3
            "ambition": {"n": 4, "mean": 47 / 12},  # 13/3, 13/3, 4, 3
            "level": 3,
            "alpha": None,  # only r2 and r4 are complete
            "alpha_n": 2,
        },
        {
            "id": "culture",
            # 1.5 and 3: r2 and r4 answered one of two, and 2 scores are below the floor of 3
            "current": {"n": 2, "mean": None},
            "ambition": {"n": 3, "mean": 11 / 3},
            "level": None,
            "alpha": None,
            "alpha_n": 2,
        },
    ],
    "aspects": [
        aspect(
            "goals",
            "STR_GOALS",
            "strategy",
            dist(4, 0, 3.0, 3.0, math.sqrt(2 / 3), [0, 1, 2, 1, 0]),
            dist(3, 0, 13 / 3, 4.0, math.sqrt(1 / 3), [0, 0, 0, 2, 1]),
            (3, 4 / 3, 2.0),
            (0.5, 2 / 3),
            False,
            4 / 3,
        ),
        aspect(
            "themes",
            "STR_THEMES",
            "strategy",
            dist(3, 1, 3.0, 3.0, 0.0, [0, 0, 3, 0, 0]),
            dist(3, 1, 13 / 3, 4.0, math.sqrt(1 / 3), [0, 0, 0, 2, 1]),
            (3, 4 / 3, 1.0),
            (0.0, 1.0),
            False,
            4 / 3,  # 1 dk of 4 is 25%: not above 30%
        ),
        aspect(
            "selection",
            "STR_SELECT",
            "strategy",
            dist(3, 1, 5 / 3, 2.0, math.sqrt(1 / 3), [1, 2, 0, 0, 0]),
            dist(4, 0, 3.5, 3.5, math.sqrt(5 / 3), [0, 1, 1, 1, 1]),
            (3, 4 / 3, 1.0),
            (4 / 9, 5 / 6),
            False,
            4 / 3,
        ),
        aspect(
            "leadership",
            "CUL_LEAD",
            "culture",
            dist(2, 1, None, None, None, None),  # 2 numeric answers: below the floor of 3
            dist(3, 0, 4.0, 4.0, 1.0, [0, 0, 1, 1, 1]),
            (2, None, None),
            (None, None),
            True,  # 1 dk of 3 answers is 33%
            None,
        ),
        aspect(
            "learning",
            "CUL_LEARN",
            "culture",
            dist(4, 0, 2.5, 2.5, math.sqrt(5 / 3), [1, 1, 1, 1, 0]),
            dist(4, 0, 3.5, 3.5, math.sqrt(5 / 3), [0, 1, 1, 1, 1]),
            (4, 1.0, 1.0),
            (1.0, 1 / 6),
            False,
            1.0,
        ),
    ],
    "leads": [
        # Leadership's gap rests on 2 answers, so it has no priority; ties keep model order.
        {"aspect": "goals", "priority": 4 / 3, "level": 3, "next_step": "three"},
        {"aspect": "themes", "priority": 4 / 3, "level": 3, "next_step": "three"},
        {"aspect": "selection", "priority": 4 / 3, "level": 2, "next_step": "two"},  # 5/3 -> 2
    ],
    # board 3, staff 1 -> staff pooled, board joins "other": one bucket, nothing to show.
    "breakdowns": {"role": SUPPRESSED, "department": SUPPRESSED, "group": SUPPRESSED},
}


def results_of(model: CapabilityModel, records: list[RespondentRecord], **options: object) -> dict:  # type: ignore[type-arg]
    return score(model, ResponseMatrix.from_records(model, records), **options).to_dict()  # type: ignore[arg-type]


def test_four_respondents_give_the_hand_computed_results(mini: CapabilityModel) -> None:
    assert rounded(results_of(mini, FOUR, min_group=3, lang="en")) == rounded(EXPECTED_FOUR)


def test_numbers_are_unrounded(mini: CapabilityModel) -> None:
    assert results_of(mini, FOUR, min_group=3)["overall"]["current"]["mean"] == pytest.approx(
        31 / 12, abs=1e-15
    )


def test_next_steps_come_in_the_requested_language(mini: CapabilityModel) -> None:
    leads = results_of(mini, FOUR, min_group=3, lang="nl")["leads"]
    assert [lead["next_step"] for lead in leads] == ["drie", "drie", "twee"]


def test_weights_follow_the_challenge_shares(mini: CapabilityModel) -> None:
    # goals weighs chain 2, regional 3, innovation 1; learning 1, 2, 3.
    results = results_of(mini, FOUR, min_group=3, shares={"chain": 0.5, "innovation": 0.5})
    weights = {a["id"]: a["weight"] for a in results["aspects"]}
    assert weights == {
        "goals": 1.5,
        "themes": 2.0,
        "selection": 2.5,
        "leadership": 2.0,
        "learning": 2.0,
    }
    priorities = {a["id"]: a["priority"] for a in results["aspects"]}
    assert rounded(priorities) == rounded(
        {"goals": 2.0, "themes": 8 / 3, "selection": 10 / 3, "leadership": None, "learning": 2.0}
    )
    # goals and learning tie at 2.0: model order decides.
    assert [lead["aspect"] for lead in results["leads"]] == ["selection", "themes", "goals"]


def uniform(
    rid: str, current: int, ambition: int, role: str | None, dept: str, group: str
) -> RespondentRecord:
    return respondent(rid, [(current, ambition)] * 5, role, dept, group)


SEVEN = [
    uniform("1", 1, 3, "board", "sales", "internal"),
    uniform("2", 2, 3, "board", "sales", "internal"),
    uniform("3", 3, 4, "board", "hr", "internal"),
    uniform("4", 4, 5, "staff", "hr", "internal"),
    uniform("5", 5, 5, "staff", "sales", "external"),
    uniform("6", 2, 4, "staff", "hr", "external"),
    uniform("7", 3, 3, None, "sales", "internal"),
]


def group(label, kind, n, current, ambition):  # type: ignore[no-untyped-def]
    return {
        "group": label,
        "kind": kind,
        "n": n,
        "conditions": [
            {"id": c, "current": {"n": n, "mean": current}, "ambition": {"n": n, "mean": ambition}}
            for c in ("strategy", "culture")
        ],
        "aspects": [
            {"id": a, "current": {"n": n, "mean": current}}
            for a in ("goals", "themes", "selection", "leadership", "learning")
        ],
    }


def test_breakdowns_pool_small_groups_into_other(mini: CapabilityModel) -> None:
    # Role: the one respondent without a role is below k = 3, so the smallest shown group
    # (board and staff both 3: board, first alphabetically) joins "other".
    # Group: external (2) is pooled, internal joins it, one bucket is left: suppressed.
    expected = {
        "role": {
            "suppressed": False,
            "groups": [
                group("staff", "value", 3, 11 / 3, 14 / 3),
                group("other", "other", 4, 9 / 4, 13 / 4),
            ],
        },
        "department": {
            "suppressed": False,
            "groups": [
                group("hr", "value", 3, 3.0, 13 / 3),
                group("sales", "value", 4, 11 / 4, 3.5),
            ],
        },
        "group": SUPPRESSED,
    }
    assert rounded(results_of(mini, SEVEN, min_group=3)["breakdowns"]) == rounded(expected)


def test_a_missing_value_is_a_group_of_its_own(mini: CapabilityModel) -> None:
    records = [uniform(str(i), 3, 4, None if i < 3 else "staff", "x", "y") for i in range(6)]
    groups = results_of(mini, records, min_group=3)["breakdowns"]["role"]["groups"]
    assert [(g["group"], g["kind"], g["n"]) for g in groups] == [
        ("staff", "value", 3),
        (None, "missing", 3),
    ]


def test_alpha_of_a_hand_computed_case(mini: CapabilityModel) -> None:
    # Culture items (1, 2, 3) and (2, 3, 5): variances 1 and 7/3, sum scores 3, 5, 8 with
    # variance 19/3: alpha = 2 × (1 − (10/3) / (19/3)) = 18/19.
    records = [
        respondent(str(i), [(None, None)] * 3 + pair)
        for i, pair in enumerate([[(1, 1), (2, 2)], [(2, 2), (3, 3)], [(3, 3), (5, 5)]])
    ]
    conditions = results_of(mini, records)["conditions"]
    assert conditions[1]["alpha"] == pytest.approx(18 / 19)
    assert conditions[1]["alpha_n"] == 3
    assert conditions[0]["alpha"] is None


def test_alpha_is_null_without_variance(mini: CapabilityModel) -> None:
    records = [respondent(str(i), [(3, 3)] * 5) for i in range(5)]
    assert [c["alpha"] for c in results_of(mini, records)["conditions"]] == [None, None]


def test_insufficient_view_needs_more_than_30_percent_dont_know(mini: CapabilityModel) -> None:
    # 3 of 10 is exactly 30%: not insufficient; 4 of 10 is.
    def flag(dont_know: int) -> bool:
        records = [
            respondent(str(i), [("dk" if i < dont_know else 3, 4)] + [(3, 4)] * 4)
            for i in range(10)
        ]
        return bool(results_of(mini, records)["aspects"][0]["insufficient_view"])

    assert (flag(3), flag(4)) == (False, True)


def test_levels_round_half_up(mini: CapabilityModel) -> None:
    # Culture current scores 2 and 3: mean 2.5, level 3 (Python's round would give 2).
    records = [
        respondent(str(i), [(None, None)] * 3 + [(c, 5), (c, 5)])
        for i, c in enumerate([2, 3, 2, 3])
    ]
    results = results_of(mini, records)
    assert results["conditions"][1]["current"]["mean"] == 2.5
    assert results["conditions"][1]["level"] == 3
    assert results["overall"]["level"] == 3


def test_submissions_without_numeric_answers_count_nowhere(mini: CapabilityModel) -> None:
    blank = [respondent(f"b{i}", [(None, None)] * 5) for i in range(3)]
    unsure = [respondent(f"d{i}", [("dk", "dk")] * 5) for i in range(3)]
    with pytest.raises(TooFewRespondents, match="this selection has 0"):
        results_of(mini, blank + unsure)
    results = results_of(mini, FOUR + blank + unsure, min_group=3)
    assert results == results_of(mini, FOUR, min_group=3)


def test_a_figure_on_fewer_than_three_answers_is_not_shown(mini: CapabilityModel) -> None:
    records = [respondent("a", [(4, 5)] * 5)] + [
        respondent(str(i), [(None, None)] + [(3, 3)] * 4) for i in range(2)
    ]
    first = results_of(mini, records)["aspects"][0]
    assert (first["current"], first["gap"], first["agreement"], first["priority"]) == (
        dist(1, 0, None, None, None, None),
        {"n": 1, "mean": None, "median": None},
        {"ad_m": None, "rwg": None, "views_differ": False},
        None,
    )
    assert results_of(mini, records)["aspects"][1]["current"]["mean"] == pytest.approx(10 / 3)


def test_leads_need_a_positive_priority(mini: CapabilityModel) -> None:
    records = [respondent(str(i), [(4, 4), (4, 3), (2, 3), (3, 3), (3, 3)]) for i in range(3)]
    assert [lead["aspect"] for lead in results_of(mini, records)["leads"]] == ["selection"]


def test_fewer_than_three_respondents_are_refused(mini: CapabilityModel) -> None:
    with pytest.raises(TooFewRespondents, match="no results below 3 respondents"):
        results_of(mini, FOUR[:2])


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"shares": {"chain": 0.5, "innovation": 0.4}},
            "challenge shares must sum to 1 (they sum to 0.9)",
        ),
        (
            {"shares": {"chain": 0.5, "space": 0.5}},
            "unknown challenge type 'space' (known: chain, regional, innovation)",
        ),
        ({"min_group": 2}, "the minimum group size must be at least 3 (got 2)"),
        ({"lang": "de"}, "unknown language 'de' (use nl or en)"),
    ],
)
def test_bad_options_are_refused_with_a_plain_message(
    mini: CapabilityModel, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ScoringError) as caught:
        results_of(mini, FOUR, **options)
    assert caught.value.problems == [message]


def test_to_dict_holds_only_plain_json_types(mini: CapabilityModel) -> None:
    def check(value: object) -> None:
        assert type(value) in (dict, list, str, int, float, bool, type(None)), type(value)
        if isinstance(value, dict):
            for item in value.values():
                check(item)
        if isinstance(value, list):
            for item in value:
                check(item)

    check(results_of(mini, SEVEN, min_group=3))
