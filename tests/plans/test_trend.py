"""The trend of a round against earlier rounds: hand-computed means, changes and their test."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from pathlib import Path

import pytest
from scipy import stats

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.plans import domain as plans
from partnerscan.plans.followup import start_follow_up
from partnerscan.plans.rounds import earlier_rounds
from partnerscan.plans.trends import Cell, earlier_results, trend

pytestmark = pytest.mark.django_db

VERSIONS = Path(__file__).parents[1] / "fixtures" / "versions"
Rows = Sequence[Sequence[int | None]]  # per respondent, current levels in model order

# Round 1 and 2 of the mini model (goals, themes, selection | leadership, learning).
ONE: Rows = [
    [2, 3, 2, 3, 2],
    [2, 2, 1, 3, 3],
    [3, 3, 2, 2, 2],
    [2, 2, 2, 3, 3],
    [1, 3, 1, 4, 2],
    [3, 2, 2, 3, 2],
    [2, 3, 3, 3, 3],
    [2, 2, 1, 2, 2],
]
TWO: Rows = [
    [3, 3, 2, 3, 2],
    [4, 2, 1, 3, 3],
    [3, 3, 2, 2, 2],
    [3, 2, 2, 3, 3],
    [4, 3, 1, 4, 2],
    [2, 3, 2, 3, 3],
    [4, 3, 3, 3, 3],
    [3, 2, 1, 2, 2],
    [3, 2, 2, 3, 2],
]


def add(assessment: Assessment, rows: Rows) -> None:
    """Submitted responses with these current levels (ambition one higher)."""
    aspects = [a.id for a in assessment.capability_model.aspects]
    responses = Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True) for _row in rows
    )
    Answer.objects.bulk_create(
        Answer(response=r, aspect=a, current=level, ambition=min(5, level + 1))
        for r, row in zip(responses, rows, strict=True)
        for a, level in zip(aspects, row, strict=True)
        if level is not None
    )


def column(rows: Rows, j: int) -> list[int]:
    return [row[j] for row in rows if row[j] is not None]  # type: ignore[misc]


@pytest.fixture
def first(org_a: Organisation, alice: User) -> Assessment:
    assessment = domain.create_assessment(org_a, alice, title="Scan 2025", min_group=3)
    return domain.close_assessment(domain.open_assessment(assessment), alice)


def follow(assessment: Assessment, user: User, title: str, rows: Rows) -> Assessment:
    """A follow-up round with `rows`, closed: an open round shows no numbers (privacy.md)."""
    new = domain.open_assessment(start_follow_up(assessment, user, title=title))
    add(new, rows)
    return domain.close_assessment(new, user)


def test_a_first_round_has_no_trend(first: Assessment) -> None:
    add(first, ONE)
    assert trend(first, "en") is None


def test_means_and_changes_equal_a_hand_computation(first: Assessment, alice: User) -> None:
    add(first, ONE)
    second = follow(first, alice, "Scan 2026", TWO)
    result = trend(second, "en")
    assert result is not None
    assert [(r.title, r.respondents, r.shown) for r in result.rounds] == [
        ("Scan 2025", 8, True),
        ("Scan 2026", 9, True),
    ]
    goals = result.aspects[0]
    assert (goals.id, goals.name, goals.condition) == ("goals", "Goals", "Strategy")
    assert goals.cells == (Cell(17 / 8, 8), Cell(29 / 9, 9))
    assert goals.change is not None
    assert goals.change.change == pytest.approx(29 / 9 - 17 / 8)
    welch = stats.ttest_ind(column(TWO, 0), column(ONE, 0), equal_var=False)
    assert (goals.change.t, goals.change.p) == (
        pytest.approx(welch.statistic),
        pytest.approx(welch.pvalue),
    )
    assert goals.movement == "up"  # p ≈ 0.004
    themes = result.aspects[1]
    assert themes.cells == (Cell(20 / 8, 8), Cell(23 / 9, 9))
    assert themes.movement == "none"


def test_condition_trend_uses_the_respondents_condition_scores(
    first: Assessment, alice: User
) -> None:
    add(first, ONE)
    second = follow(first, alice, "Scan 2026", TWO)
    result = trend(second, "en")
    assert result is not None
    strategy = result.conditions[0]
    then = [statistics.fmean(row[:3]) for row in ONE]  # type: ignore[arg-type]
    now = [statistics.fmean(row[:3]) for row in TWO]  # type: ignore[arg-type]
    assert (strategy.id, strategy.name, strategy.condition) == ("strategy", "Strategy", "")
    assert strategy.cells == (
        Cell(pytest.approx(statistics.fmean(then)), 8),  # type: ignore[arg-type]
        Cell(pytest.approx(statistics.fmean(now)), 9),  # type: ignore[arg-type]
    )
    welch = stats.ttest_ind(now, then, equal_var=False)
    assert strategy.change is not None
    assert strategy.change.p == pytest.approx(welch.pvalue)
    assert strategy.movement == ("up" if welch.pvalue < 0.05 else "none")


def test_a_round_below_three_respondents_shows_no_numbers(first: Assessment, alice: User) -> None:
    add(first, ONE[:2])
    second = follow(first, alice, "Scan 2026", TWO)
    result = trend(second, "en")
    assert result is not None
    assert [(r.respondents, r.shown) for r in result.rounds] == [(2, False), (9, True)]
    assert {row.cells[0] for row in result.conditions + result.aspects} == {None}
    assert result.baseline is None
    assert {row.movement for row in result.aspects} == {"unknown"}


def test_the_change_is_measured_from_the_latest_round_with_numbers(
    first: Assessment, alice: User
) -> None:
    add(first, ONE)
    second = follow(first, alice, "Scan 2026", TWO[:2])
    domain.close_assessment(second, alice)
    third = follow(second, alice, "Scan 2027", TWO)
    result = trend(third, "en")
    assert result is not None
    assert [r.title for r in result.rounds] == ["Scan 2025", "Scan 2026", "Scan 2027"]
    assert result.baseline == 0 and result.baseline_round == result.rounds[0]
    assert result.aspects[0].change is not None
    assert result.aspects[0].change.change == pytest.approx(29 / 9 - 17 / 8)


def test_a_new_round_without_answers_shows_the_earlier_rounds(
    first: Assessment, alice: User
) -> None:
    add(first, ONE)
    new = start_follow_up(first, alice)
    result = trend(new, "en")
    assert result is not None
    assert result.aspects[0].cells == (Cell(17 / 8, 8), None)
    assert result.aspects[0].change is None and result.rounds[-1].respondents == 0


def test_earlier_rounds_are_scored_as_their_own_dashboard_scores_them(
    first: Assessment, alice: User
) -> None:
    add(first, ONE)
    second = follow(first, alice, "Scan 2026", TWO)
    batched = earlier_results([first, second], "en")
    assert [r.results.to_dict() if r.results else None for r in batched] == [
        assessment_results(first, "en").to_dict(),  # type: ignore[union-attr]
        assessment_results(second, "en").to_dict(),  # type: ignore[union-attr]
    ]


def test_the_chain_stays_within_the_organisation(
    first: Assessment, org_b: Organisation, charlie: User
) -> None:
    theirs = domain.create_assessment(org_b, charlie, title="Theirs", previous=first)
    assert earlier_rounds(theirs) == []


def test_actions_of_earlier_rounds_show_whether_their_aspect_moved(
    first: Assessment, alice: User
) -> None:
    add(first, ONE)
    plans.create_action(first, alice, aspect="goals", description="Set goals.", owner="Ann")
    plans.create_action(first, alice, aspect="themes", description="Themes.", owner="Ben")
    second = follow(first, alice, "Scan 2026", TWO)
    plans.create_action(second, alice, aspect="goals", description="Not yet measured.", owner="C")
    result = trend(second, "en")
    assert result is not None
    assert [(a.round_title, a.aspect, a.description, a.movement) for a in result.actions] == [
        ("Scan 2025", "Goals", "Set goals.", "up"),
        ("Scan 2025", "Themes", "Themes.", "none"),
    ]
    assert (result.moved("goals"), result.moved("themes"), result.moved("nope")) == (
        "up",
        "none",
        "unknown",
    )


class TestAcrossVersions:
    """Round 1 on mini 1.0, round 2 on mini 1.1: selection is continued as partner-choice,
    themes is gone and courage is new."""

    @pytest.fixture(autouse=True)
    def mini_model(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(VERSIONS))

    @pytest.fixture
    def first(self, org_a: Organisation, alice: User) -> Assessment:
        assessment = domain.create_assessment(
            org_a, alice, title="Scan 2025", min_group=3, model_ref="mini@1.0"
        )
        return domain.open_assessment(assessment)

    def test_continued_aspects_carry_their_trend_and_new_ones_have_none(
        self, first: Assessment, alice: User
    ) -> None:
        add(first, ONE)
        plans.create_action(first, alice, aspect="selection", description="Pick.", owner="Ann")
        plans.create_action(first, alice, aspect="themes", description="Gone.", owner="Ben")
        domain.close_assessment(first, alice)  # an open round shows no numbers in a trend
        # 1.1 in model order: goals, partner-choice | leadership, learning, courage
        second = follow(first, alice, "Scan 2026", [[r[0], 4, r[3], r[4], 3] for r in TWO])
        assert second.model_ref == "mini@1.1"
        result = trend(second, "en")
        assert result is not None
        cells = {row.id: row.cells for row in result.aspects}
        assert cells == {
            "goals": (Cell(17 / 8, 8), Cell(29 / 9, 9)),
            "partner-choice": (Cell(14 / 8, 8), Cell(4.0, 9)),  # was "selection"
            "leadership": (Cell(23 / 8, 8), Cell(26 / 9, 9)),
            "learning": (Cell(19 / 8, 8), Cell(22 / 9, 9)),
            "courage": (None, Cell(3.0, 9)),
        }
        moved = {row.id: row.movement for row in result.aspects}
        assert moved == {
            "goals": "up",
            "partner-choice": "up",  # 1.75 → 4, all nine now agree on 4
            "leadership": "none",
            "learning": "none",
            "courage": "unknown",
        }
        assert [(a.aspect, a.movement) for a in result.actions] == [
            ("Choice of partners", "up"),
            ("themes", "unknown"),  # not continued in 1.1
        ]
