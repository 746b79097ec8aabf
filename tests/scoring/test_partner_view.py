"""The partner view by hand (docs/method.md, "Partner view"): both sides per aspect and condition,
the exact 0.5 rule, the thresholds, the pooled breakdowns, the leads with partners and the change
between two views. Welch's interval and p come from scipy's own test on the raw answers."""

from __future__ import annotations

import json
import re
import statistics
from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy import stats

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import ResponseMatrix, ScoringError, TooFewRespondents, score
from partnerscan.scoring.partner_view import PartnerRecord, partner_changes, partner_view
from partnerscan.scoring.records import RespondentRecord

from .helpers import respondent, rounded
from .partner_support import partner, view, with_partner_view

pytestmark = pytest.mark.filterwarnings("ignore:Precision loss occurred")
METHOD = Path(__file__).resolve().parents[2] / "docs" / "method.md"


@pytest.fixture(scope="module")
def model(mini: CapabilityModel) -> CapabilityModel:
    return with_partner_view(mini)


# Own respondents; aspects goals, themes, selection | leadership, learning as (current, ambition).
OWN = [
    respondent("r1", [(4, 5), (2, 3), (3, 4), (3, 4), (3, 4)]),
    respondent("r2", [(4, 5), (2, 4), (2, 4), (3, 3), ("dk", "dk")]),
    respondent("r3", [(5, 5), (3, 3), (3, 3), (4, 4), ("dk", 4)]),
    respondent("r4", [(4, 4), (2, 3), (2, 3), (3, 4), (None, None)]),
    respondent("r5", [(4, 4), (1, 3), (3, 4), (2, 3), (4, 5)]),
    # Themes "don't know": a strategy score over all three aspects (2 of 3), none over the
    # two partner aspects goals and themes (1 of 2 is below 60%).
    respondent("r6", [(3, 4), ("dk", 3), (3, 4), (3, 4), (None, None)]),
]
# Partners; goals, themes, leadership, learning (selection is internal).
PARTNERS = [
    partner("p1", "Alpha", "public", [3, 4, 3, 2]),
    partner("p2", "Alpha", "public", [3, 3, 3, 3]),
    partner("p3", "Alpha", "public", [2, 4, 3, 3]),
    partner("p4", "Alpha", "public", [3, 4, 2, 2]),
    partner("p5", "Alpha", "public", [3, 3, 4, 3]),
    partner("p6", "Beta", "private", [3, 3, 3, 3]),
    partner("p7", "Beta", "private", [2, 4, 3, "dk"]),
    partner("p8", "Beta", "private", [3, 4, 4, 3]),
    partner("p9", "Beta", "private", [3, 3, 3, 2]),
    partner("p10", "Beta", "private", [4, 4, 3, 3]),
    partner("p11", "Gamma", "public", [3, 4, 3, 2]),
    partner("p12", "Gamma", "public", [2, 4, 2, 3]),
    # These count nowhere: only "don't know", nothing, or a number on an internal aspect only.
    partner("p13", "Gamma", "public", ["dk"] * 4),
    partner("p14", "Delta", None, [None] * 4),
    partner("p15", "Delta", None, [None] * 4, selection=4),
]


def side(values: Sequence[int], dont_know: int = 0) -> dict[str, Any]:
    """A shown side from its numeric answers (sd from the statistics module)."""
    counts = [values.count(level) for level in range(1, 6)]
    return {
        "n": len(values),
        "dont_know": dont_know,
        "mean": statistics.fmean(values),
        "sd": statistics.stdev(values),
        "counts": counts,
    }


def score_side(values: Sequence[float]) -> dict[str, Any]:
    return {"n": len(values), "mean": statistics.fmean(values), "sd": statistics.stdev(values)}


def welch(own: Sequence[float], partners: Sequence[float]) -> dict[str, Any]:
    """low, high and p of own − partners by scipy's Welch test."""
    result = stats.ttest_ind(own, partners, equal_var=False)
    interval = result.confidence_interval()
    return {"low": float(interval.low), "high": float(interval.high), "p": float(result.pvalue)}


NOT_JUDGED = {
    "difference": None,
    "low": None,
    "high": None,
    "p": None,
    "larger_than_chance": None,
    "verdict": None,
}


def figures(*pairs: tuple[str, int, float | None]) -> list[dict[str, Any]]:
    return [{"id": i, "n": n, "mean": mean} for i, n, mean in pairs]


OWN_GOALS, PARTNER_GOALS = [4, 4, 5, 4, 4, 3], [3, 3, 2, 3, 3, 3, 2, 3, 3, 4, 3, 2]
OWN_THEMES, PARTNER_THEMES = [2, 2, 3, 2, 1], [4, 3, 4, 4, 3, 3, 4, 4, 3, 4, 4, 4]
OWN_LEAD, PARTNER_LEAD = [3, 3, 4, 3, 2, 3], [3, 3, 3, 2, 4, 3, 3, 4, 3, 3, 3, 2]
PARTNER_LEARNING = [2, 3, 3, 2, 3, 3, 3, 2, 3, 2, 3]
# Strategy over goals and themes: own r1..r5 (r6 has no score); partners p1..p12.
OWN_STRATEGY = [3, 3, 4, 3, 2.5]
PARTNER_STRATEGY = [3.5, 3, 3, 3.5, 3, 3, 3, 3.5, 3, 4, 3.5, 3]
# Culture over leadership and learning: partners but p7 (learning "don't know"), so p7 alone
# would be 12 × leadership − (2 × 11 × culture − 11 × learning) = 36 − (62 − 29) = 3: the
# partners' culture is shown nowhere (docs/method.md, "Conditions beside their aspects").
PARTNER_CULTURE_N = 11

EXPECTED = {
    "min_group": 5,
    "respondents": 12,  # p1..p12
    "organisations": 3,  # Alpha, Beta, Gamma
    "aspects": [
        {
            "id": "goals",
            "condition": "strategy",
            "own": side(OWN_GOALS),  # 24/6 = 4
            "partners": side(PARTNER_GOALS),  # (14 + 15 + 5)/12 = 17/6
            "difference": 7 / 6,  # 4 − 17/6, at least 0.5 and larger than chance
            **welch(OWN_GOALS, PARTNER_GOALS),  # p = 0.004
            "larger_than_chance": True,
            "verdict": "blind_spot",
        },
        {
            "id": "themes",
            "condition": "strategy",
            "own": side(OWN_THEMES, dont_know=1),  # 10/5 = 2
            "partners": side(PARTNER_THEMES),  # (18 + 18 + 8)/12 = 11/3
            "difference": -5 / 3,  # 2 − 11/3
            **welch(OWN_THEMES, PARTNER_THEMES),  # p = 0.003
            "larger_than_chance": True,
            "verdict": "hidden_strength",
        },
        {
            "id": "leadership",
            "condition": "culture",
            "own": side(OWN_LEAD),  # 18/6 = 3
            "partners": side(PARTNER_LEAD),  # (15 + 16 + 5)/12 = 3
            "difference": 0.0,
            **welch(OWN_LEAD, PARTNER_LEAD),  # p = 1
            "larger_than_chance": False,
            "verdict": "same",
        },
        {
            "id": "learning",
            "condition": "culture",
            # r1 3, r5 4: two answers are below 3, so nothing is shown and nothing judged.
            "own": {"n": 2, "dont_know": 2, "mean": None, "sd": None, "counts": None},
            "partners": side(PARTNER_LEARNING, dont_know=1),  # (13 + 11 + 5)/11 = 29/11
            **NOT_JUDGED,
        },
    ],
    "conditions": [
        {
            "id": "strategy",
            "own": score_side(OWN_STRATEGY),  # 15.5/5 = 3.1
            "partners": score_side(PARTNER_STRATEGY),  # (16 + 16.5 + 6.5)/12 = 3.25
            "difference": -0.15,  # below 0.5 either way: the same
            **welch(OWN_STRATEGY, PARTNER_STRATEGY),
            "larger_than_chance": False,
            "verdict": "same",
        },
        {
            "id": "culture",
            # Both over leadership and learning: only r1 (3) and r5 (3) answered both.
            "own": {"n": 2, "mean": None, "sd": None},
            "partners": {"n": PARTNER_CULTURE_N, "mean": None, "sd": None},
            **NOT_JUDGED,
        },
    ],
    "blind_spots": ["goals"],
    "hidden_strengths": ["themes"],
    "by_organisation": {
        "suppressed": False,
        "groups": [
            # Learning: Alpha 5, Beta 4, Gamma 2; Beta and Gamma pool into 6. Culture would
            # pool alike, but is shown nowhere (p7 above).
            {
                "group": "Alpha",
                "kind": "value",
                "n": 5,
                "aspects": figures(
                    ("goals", 0, None),
                    ("themes", 0, None),
                    ("leadership", 0, None),
                    ("learning", 5, 13 / 5),
                ),
                "conditions": figures(("strategy", 0, None), ("culture", 0, None)),
            },
            # Goals, themes, leadership and strategy: Alpha 5, Beta 5, Gamma 2; Gamma's 2 are
            # below k and the smallest shown group (Alpha, first by name) joins them: other 7.
            {
                "group": "Beta",
                "kind": "value",
                "n": 5,
                "aspects": figures(
                    ("goals", 5, 15 / 5),
                    ("themes", 5, 18 / 5),
                    ("leadership", 5, 16 / 5),
                    ("learning", 0, None),
                ),
                "conditions": figures(("strategy", 5, 16.5 / 5), ("culture", 0, None)),
            },
            {
                "group": "other",
                "kind": "other",
                "n": 7,
                "aspects": figures(
                    ("goals", 7, (14 + 5) / 7),
                    ("themes", 7, (18 + 8) / 7),
                    ("leadership", 7, (15 + 5) / 7),
                    ("learning", 6, (11 + 5) / 6),
                ),
                "conditions": figures(("strategy", 7, (16 + 6.5) / 7), ("culture", 0, None)),
            },
        ],
    },
    "by_kind": {
        "suppressed": False,
        # Public (Alpha and Gamma) 7, private (Beta) 5. On learning and culture private has 4:
        # pooled with public as the smallest shown group, one bucket is left, so not shown.
        "groups": [
            {
                "group": "private",
                "kind": "value",
                "n": 5,
                "aspects": figures(
                    ("goals", 5, 3.0),
                    ("themes", 5, 3.6),
                    ("leadership", 5, 3.2),
                    ("learning", 0, None),
                ),
                "conditions": figures(("strategy", 5, 3.3), ("culture", 0, None)),
            },
            {
                "group": "public",
                "kind": "value",
                "n": 7,
                "aspects": figures(
                    ("goals", 7, 19 / 7),
                    ("themes", 7, 26 / 7),
                    ("leadership", 7, 20 / 7),
                    ("learning", 0, None),
                ),
                "conditions": figures(("strategy", 7, 22.5 / 7), ("culture", 0, None)),
            },
        ],
    },
    # Own priorities (gap mean × 1): goals 3/6, themes 6/5, selection 6/6, leadership 4/6,
    # learning none (2 gaps). Own leads: themes, selection, leadership. Goals is a blind spot:
    # 1/2 + 7/6 = 5/3 puts it first, and leadership drops out.
    "leads": [
        {
            "aspect": "goals",
            "priority": 5 / 3,
            "level": 4,  # own current mean 4
            "next_step": "four",
            "partner_addition": 7 / 6,
            "by_partners": True,
        },
        {
            "aspect": "themes",
            "priority": 1.2,
            "level": 2,
            "next_step": "two",
            "partner_addition": None,
            "by_partners": False,
        },
        {
            "aspect": "selection",  # internal: keeps its own priority, and can be a lead
            "priority": 1.0,
            "level": 3,  # 16/6
            "next_step": "three",
            "partner_addition": None,
            "by_partners": False,
        },
    ],
}


def test_a_hand_computed_partner_view(model: CapabilityModel) -> None:
    result, own = view(model, OWN, PARTNERS)
    assert rounded(result.to_dict()) == rounded(EXPECTED)
    assert [lead.aspect for lead in own.leads] == ["themes", "selection", "leadership"]


def test_the_own_side_is_the_own_results_figure(model: CapabilityModel) -> None:
    result, own = view(model, OWN, PARTNERS)
    by_id = {aspect.id: aspect.current for aspect in own.aspects}
    for aspect in result.aspects:
        shown = by_id[aspect.id].to_dict()
        del shown["median"]
        assert aspect.own.to_dict() == shown
    # Strategy over all its aspects has r6 too; over its partner aspects it has not.
    assert own.conditions[0].current.n == 6
    assert result.conditions[0].own.n == 5


def test_a_condition_score_counts_only_the_conditions_partner_aspects(
    mini: CapabilityModel,
) -> None:
    # Goals 5, themes not answered, selection 1. With selection internal, strategy has two
    # partner aspects and one answer is below 60%: no score. With selection a partner aspect
    # too, two of three is enough: (5 + 1)/2 = 3.
    lopsided = [
        PartnerRecord(f"p{i}", None, None, {"goals": 5, "selection": 1, "leadership": 3})
        for i in range(5)
    ]
    scan = [respondent(f"r{i}", [(3, 3)] * 5) for i in range(3)]
    two, _ = view(with_partner_view(mini), scan, lopsided)
    three, _ = view(with_partner_view(mini, internal=()), scan, lopsided)
    assert two.conditions[0].partners.to_dict() == {"n": 0, "mean": None, "sd": None}
    assert three.conditions[0].partners.to_dict() == {"n": 5, "mean": 3.0, "sd": 0.0}
    # Culture over leadership and learning: one answer of two is below 60% as well.
    assert two.conditions[1].partners.n == 0


# --- the 0.5 boundary, exactly -------------------------------------------------------------------


def own_goals(values: Sequence[int]) -> list[RespondentRecord]:
    return [respondent(f"r{i}", [(v, v), *[(None, None)] * 4]) for i, v in enumerate(values)]


def partner_goals(values: Sequence[int]) -> list[PartnerRecord]:
    return [partner(f"p{i}", None, None, [v, None, None, None]) for i, v in enumerate(values)]


def test_a_difference_of_exactly_one_half_is_a_blind_spot_where_floats_fall_short(
    model: CapabilityModel,
) -> None:
    # Own 39/9 = 13/3, partners 46/12 = 23/6: exactly 1/2, since 2·(39·12 − 46·9) = 108 = 9·12.
    # In floats 13/3 − 23/6 is 0.49999999999999956.
    own, partners = [4] * 6 + [5] * 3, [4] * 10 + [3] * 2
    assert 39 / 9 - 46 / 12 < 0.5
    result, _ = view(model, own_goals(own), partner_goals(partners))
    goals = result.aspects[0]
    assert (goals.difference, goals.larger_than_chance, goals.verdict) == (0.5, True, "blind_spot")
    assert goals.p == pytest.approx(welch(own, partners)["p"])  # 0.025
    assert result.blind_spots == ("goals",)


def test_a_difference_just_below_one_half_is_the_same(model: CapabilityModel) -> None:
    # Own 130003/30001 (9999 fives, 20002 fours), partners 46/12: the difference is
    # 0.4999555…: 2·(130003·12 − 46·30001) = 359980 < 30001·12 = 360012. Larger than chance
    # (t ≈ 4.4), but below one half.
    own = np.zeros((30001, 5), dtype=np.int8)
    own[:9999, 0], own[9999:, 0] = 5, 4
    matrix = ResponseMatrix.from_arrays([a.id for a in model.aspects], own, own)
    result, _ = view(model, matrix, partner_goals([4] * 10 + [3] * 2))
    goals = result.aspects[0]
    assert Fraction(130003, 30001) - Fraction(46, 12) == Fraction(179990, 360012)
    assert (goals.larger_than_chance, goals.verdict) == (True, "same")
    assert goals.difference == pytest.approx(179990 / 360012)
    assert result.blind_spots == ()


def test_partners_higher_by_exactly_one_half_is_a_hidden_strength(
    model: CapabilityModel,
) -> None:
    # The mirror image: own 46/12, partners 39/9.
    own, partners = [4] * 10 + [3] * 2, [4] * 6 + [5] * 3
    result, _ = view(model, own_goals(own), partner_goals(partners))
    goals = result.aspects[0]
    assert (goals.difference, goals.verdict) == (-0.5, "hidden_strength")
    assert result.hidden_strengths == ("goals",)


def test_a_large_difference_within_chance_is_the_same(model: CapabilityModel) -> None:
    # 4 − 3 = 1, but with this spread on 3 and 5 answers p = 0.32.
    own, partners = [5, 3, 4], [1, 5, 3, 2, 4]
    result, _ = view(model, own_goals(own), partner_goals(partners))
    goals = result.aspects[0]
    assert (goals.difference, goals.larger_than_chance, goals.verdict) == (1.0, False, "same")
    assert goals.p == pytest.approx(welch(own, partners)["p"])


# --- thresholds -----------------------------------------------------------------------------------


def test_a_partner_figure_shows_from_k_answers(model: CapabilityModel) -> None:
    own = own_goals([3, 3, 4])
    # Five partners count (each has a number); four answered goals, so goals is hidden.
    four = [*partner_goals([2, 2, 3, 2]), partner("x", None, None, [None, 3, None, None])]
    result, _ = view(model, own, four)
    goals = result.aspects[0]
    assert goals.partners.to_dict() == {
        "n": 4,
        "dont_know": 0,
        "mean": None,
        "sd": None,
        "counts": None,
    }
    assert (goals.difference, goals.verdict) == (None, None)
    result, _ = view(model, own, [*four, *partner_goals([3])])
    assert result.aspects[0].partners.mean == 12 / 5


def test_k_is_the_partners_threshold_and_three_the_own(model: CapabilityModel) -> None:
    own, partners = own_goals([3, 3, 4]), partner_goals([2, 2, 3, 2])
    result, _ = view(model, own, partners, min_group=4)
    assert (result.aspects[0].own.mean, result.aspects[0].partners.mean) == (10 / 3, 9 / 4)
    with pytest.raises(ScoringError, match="at least 3"):
        view(model, own, partners, min_group=2)


def test_fewer_than_k_counting_partners_give_no_partner_view(model: CapabilityModel) -> None:
    # Four with numbers; "don't know" only, nothing, or an internal aspect only count nowhere.
    partners = [
        *partner_goals([2, 2, 3, 2]),
        partner("dk", None, None, ["dk"] * 4),
        partner("empty", None, None, [None] * 4),
        partner("internal", None, None, [None] * 4, selection=3),
    ]
    with pytest.raises(TooFewRespondents, match="below 5 partners .this one has 4"):
        view(model, own_goals([3, 3, 4]), partners)


def test_partners_without_a_number_change_no_figure(model: CapabilityModel) -> None:
    padding = [
        partner("dk", "Alpha", "public", ["dk"] * 4),
        partner("empty", "Zeta", "public", [None] * 4),
    ]
    padded, _ = view(model, OWN, [*PARTNERS[:12], *padding])
    assert padded.to_dict() == view(model, OWN, PARTNERS[:12])[0].to_dict()


def test_bad_partner_answers_are_named(model: CapabilityModel) -> None:
    partners = [
        *partner_goals([2, 2, 3, 2, 3]),
        PartnerRecord("odd", None, None, {"goals": 7, "vision": 3}),
    ]
    with pytest.raises(ScoringError) as error:
        view(model, own_goals([3, 3, 4]), partners)
    assert error.value.problems == [
        "partner 'odd': unknown aspect 'vision'",
        "partner 'odd', aspect 'goals': 7 is not a level 1 to 5, 'dk' or None",
    ]


def test_a_model_without_a_partner_view_is_refused(mini: CapabilityModel) -> None:
    matrix = ResponseMatrix.from_records(mini, own_goals([3, 3, 4]))
    own = score(mini, matrix)
    with pytest.raises(ScoringError, match="has no partner view"):
        partner_view(mini, matrix, partner_goals([3] * 5), own_results=own)


def test_shares_must_be_those_of_the_own_results(model: CapabilityModel) -> None:
    matrix = ResponseMatrix.from_records(model, own_goals([3, 3, 4]))
    own = score(model, matrix, shares={"chain": 1.0})
    partners = partner_goals([3] * 5)
    assert partner_view(model, matrix, partners, own_results=own).leads == ()
    with pytest.raises(ScoringError, match="shares differ"):
        partner_view(model, matrix, partners, own_results=own, shares={"regional": 1.0})


# --- breakdowns -----------------------------------------------------------------------------------


def orgs(*sizes: tuple[str | None, int], kind: str | None = None) -> list[PartnerRecord]:
    """Partners of the named organisations, all answering 3 on every partner aspect."""
    return [
        partner(f"{name}{i}", name, kind, [3, 3, 3, 3]) for name, size in sizes for i in range(size)
    ]


def groups(breakdown: Any) -> list[tuple[str | None, str, int]]:
    return [(g.group, g.kind, g.n) for g in breakdown.groups]


def test_organisations_of_5_5_and_2_pool_the_2_with_the_smallest_shown(
    model: CapabilityModel,
) -> None:
    result, _ = view(model, OWN, orgs(("Beta", 5), ("Alpha", 5), ("Gamma", 2)))
    # Gamma (2) is below 5; "other" would be 2, so Alpha (first of the two fives) joins it.
    assert groups(result.by_organisation) == [("Beta", "value", 5), ("other", "other", 7)]


def test_one_organisation_alone_is_no_breakdown(model: CapabilityModel) -> None:
    result, _ = view(model, OWN, orgs(("Alpha", 9), kind="public"))
    assert result.by_organisation.to_dict() == {"suppressed": True, "groups": []}
    assert result.by_kind.to_dict() == {"suppressed": True, "groups": []}
    assert result.aspects[0].partners.mean == 3.0  # the figure over all partners stays


def test_the_kinds_are_not_shown_where_they_would_give_away_a_small_organisation(
    model: CapabilityModel,
) -> None:
    # Alpha (5) and Beta (6) are public bodies, Gamma (2) and Delta (5) companies. By
    # organisation: Gamma is pooled with Alpha (the first of the two smallest fives) into
    # "other" (7), Beta and Delta are shown. By kind alone: public 11, private 7, both fine.
    # Together, private (Gamma + Delta) minus Delta would be Gamma's 2 partners, so the kind
    # breakdown shows no figure; the organisations stay.
    partners = [
        *orgs(("Alpha", 5), ("Beta", 6), kind="public"),
        *[partner(f"g{i}", "Gamma", "private", [1, 1, 1, 1]) for i in range(2)],
        *orgs(("Delta", 5), kind="private"),
    ]
    result, _ = view(model, OWN, partners)
    assert groups(result.by_organisation) == [
        ("Beta", "value", 6),
        ("Delta", "value", 5),
        ("other", "other", 7),
    ]
    assert result.by_kind.to_dict() == {"suppressed": True, "groups": []}
    # With Gamma at 5 every cell holds at least k, and both breakdowns show.
    partners += [partner(f"g{i}", "Gamma", "private", [1, 1, 1, 1]) for i in range(2, 5)]
    result, _ = view(model, OWN, partners)
    assert [g.group for g in result.by_kind.groups] == ["private", "public"]
    assert len(result.by_organisation.groups) == 4


def test_partners_without_an_organisation_are_a_group_of_their_own(
    model: CapabilityModel,
) -> None:
    result, _ = view(model, OWN, orgs(("Alpha", 5), (None, 5), (" ", 1), ("Beta", 5)))
    # A blank name is no name: 6 partners without one, a group of its own; nothing is pooled.
    assert groups(result.by_organisation) == [
        ("Alpha", "value", 5),
        ("Beta", "value", 5),
        (None, "missing", 6),
    ]
    assert result.organisations == 2


# --- leads ----------------------------------------------------------------------------------------


def test_exactly_equal_priorities_keep_model_order(model: CapabilityModel) -> None:
    # Goals: gap 7/10, a blind spot of 36/10 − 3 = 3/5: 7/10 + 3/5 = 13/10 (in floats
    # 0.7 + 0.6 = 1.2999999999999998). Selection: gap 13/10. Goals comes first in the model.
    goals = [(4, 5)] * 6 + [(3, 4)] + [(3, 3)] * 3
    selection = [(2, 4)] * 3 + [(2, 3)] * 7
    own = [
        respondent(f"r{i}", [g, (3, 3), s, (3, 3), (3, 3)])
        for i, (g, s) in enumerate(zip(goals, selection, strict=True))
    ]
    partners = [partner(f"p{i}", None, None, [3, 3, 3, 3]) for i in range(5)]
    result, own_results = view(model, own, partners)
    assert [lead.aspect for lead in own_results.leads] == ["selection", "goals"]
    assert result.blind_spots == ("goals",)
    assert [lead.to_dict() for lead in result.leads] == [
        {
            "aspect": "goals",
            "priority": 1.3,
            "level": 4,  # 36/10
            "next_step": "four",
            "partner_addition": 0.6,
            "by_partners": False,  # a lead already, now higher
        },
        {
            "aspect": "selection",
            "priority": 1.3,
            "level": 2,
            "next_step": "two",
            "partner_addition": None,
            "by_partners": False,
        },
    ]


def test_the_addition_is_weighted_by_the_shares(model: CapabilityModel) -> None:
    # Weights with shares chain 0.5, innovation 0.5: goals 0.5·2 + 0.5·1 = 3/2, themes
    # 0.5·1 + 0.5·3 = 2, leadership 2. Gaps: goals 0, themes 1/2, leadership 1/3.
    # Goals is a blind spot of 4 − 3 = 1: priority 0 + 1 · 3/2 = 3/2.
    own = [
        respondent(f"r{i}", [(4, 4), (3, t), (3, 3), (3, lead), (3, 3)])
        for i, (t, lead) in enumerate([(4, 4), (3, 3), (4, 3), (3, 3), (4, 4), (3, 3)])
    ]
    partners = [partner(f"p{i}", None, None, [3, 3, 3, 3]) for i in range(5)]
    shares = {"chain": 0.5, "innovation": 0.5}
    result, _ = view(model, own, partners, shares=shares)
    assert [(lead.aspect, lead.priority, lead.partner_addition) for lead in result.leads] == [
        ("goals", 1.5, 1.5),
        ("themes", 1.0, None),
        ("leadership", pytest.approx(2 / 3), None),
    ]
    assert [lead.by_partners for lead in result.leads] == [True, False, False]


# --- change between two partner views -------------------------------------------------------------


def test_partner_changes_where_both_views_show_the_figure(model: CapabilityModel) -> None:
    own = own_goals([3, 3, 4])
    # Then: goals 2 from all five, themes 3 from all five, leadership from four only.
    then_partners = [partner(f"p{i}", None, None, [2, 3, 3 if i else None, 3]) for i in range(5)]
    # Now: goals 4 from all, themes 3, leadership 3 from all five.
    now_partners = [partner(f"p{i}", None, None, [4, 3, 3, 3]) for i in range(5)]
    then, _ = view(model, own, then_partners)
    now, _ = view(model, own, now_partners)
    changes = [change.to_dict() for change in partner_changes(then, now)]
    unanimous_up = {"low": 2.0, "high": 2.0, "p": 0.0, "larger_than_chance": True}
    same = {"low": 0.0, "high": 0.0, "p": 1.0, "larger_than_chance": False}
    assert changes == [
        # Everyone agreed both times: 2 → 4 is larger than chance, 3 → 3 is no change.
        {
            "id": "goals",
            "kind": "aspect",
            "then_mean": 2.0,
            "now_mean": 4.0,
            "change": 2.0,
            **unanimous_up,
            "direction": "up",
        },
        {
            "id": "themes",
            "kind": "aspect",
            "then_mean": 3.0,
            "now_mean": 3.0,
            "change": 0.0,
            **same,
            "direction": "none",
        },
        # Leadership had 4 partners then (not shown), so no change.
        {
            "id": "learning",
            "kind": "aspect",
            "then_mean": 3.0,
            "now_mean": 3.0,
            "change": 0.0,
            **same,
            "direction": "none",
        },
        # Strategy over goals and themes: 2.5 then, 3.5 now for everyone.
        {
            "id": "strategy",
            "kind": "condition",
            "then_mean": 2.5,
            "now_mean": 3.5,
            "change": 1.0,
            "low": 1.0,
            "high": 1.0,
            "p": 0.0,
            "larger_than_chance": True,
            "direction": "up",
        },
        # Culture over leadership and learning: four scores then (p0 lacks leadership).
    ]


def test_a_partner_change_is_welch_on_the_partners_answers(model: CapabilityModel) -> None:
    then, _ = view(model, OWN, PARTNERS)
    lifted = [
        partner(
            r.id,
            r.organisation,
            r.kind,
            [5 if r.id in {"p1", "p2", "p3"} else r.answers["goals"], None, None, None],
        )
        for r in PARTNERS[:12]
    ]
    now, _ = view(model, OWN, lifted)
    (goals,) = partner_changes(then, now)
    after = [5, 5, 5, *PARTNER_GOALS[3:]]
    reference = welch(after, PARTNER_GOALS)
    assert (goals.id, goals.then_mean, goals.now_mean) == ("goals", 34 / 12, 41 / 12)
    assert (goals.low, goals.high, goals.p) == pytest.approx(
        (reference["low"], reference["high"], reference["p"])
    )
    assert goals.direction == ("up" if reference["p"] < 0.05 else "none")


def test_own_rows_without_a_number_do_not_count(model: CapabilityModel) -> None:
    blank = respondent("blank", [("dk", "dk"), *[(None, None)] * 4])
    padded, _ = view(model, [*OWN, blank], PARTNERS)
    assert padded.to_dict() == view(model, OWN, PARTNERS)[0].to_dict()
    assert padded.aspects[0].own.dont_know == 0


def test_the_results_are_plain_json(model: CapabilityModel) -> None:
    result, _ = view(model, OWN, PARTNERS)
    data = result.to_dict()
    assert isinstance(data["aspects"][0]["own"]["counts"], list)
    assert not any(isinstance(v, np.generic) for v in _leaves(data))


def test_the_results_have_exactly_the_keys_docs_method_md_documents(
    model: CapabilityModel,
) -> None:
    text = METHOD.read_text(encoding="utf-8")
    section = text[text.index("**The partner view.**") :]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block is not None
    documented = json.loads(block.group(1))["partner_view"]
    documented["by_kind"] = documented["by_organisation"]  # "as above"
    result, _ = view(model, OWN, PARTNERS)
    assert _keys(result.to_dict()) == _keys(documented)


def _keys(value: Any) -> Any:
    """The nested keys of a JSON value; a list of objects by its first object."""
    if isinstance(value, dict):
        return {key: _keys(item) for key, item in value.items()}
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return [_keys(value[0])]
    return None


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]
