"""Once answers exist, a round's departments may grow but never lose or rename one: an answer
given under a department must keep meaning that department (domain.update_assessment)."""

from __future__ import annotations

import pytest

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(assessment_a: Assessment) -> Assessment:
    assessment = domain.update_assessment(assessment_a, departments=["Policy", "Operations"])
    assessment = domain.open_assessment(assessment)
    token = domain.create_links(assessment, 1)[0]
    model = assessment.capability_model
    answer_as_respondent(assessment, token, {model.aspects[0].id: ("3", "4")}, submit=False)
    assert domain.has_answers(assessment)
    return assessment


def test_a_department_can_be_added_after_answers_exist(answered: Assessment) -> None:
    changed = domain.update_assessment(answered, departments=["Policy", "Operations", "Finance"])
    answered.refresh_from_db()
    assert changed.departments == answered.departments == ["Policy", "Operations", "Finance"]


@pytest.mark.parametrize(
    "departments",
    [["Policy"], ["Policy", "Ops"], []],
    ids=["removed", "renamed", "all-removed"],
)
def test_a_department_cannot_be_removed_or_renamed_after_answers_exist(
    answered: Assessment, departments: list[str]
) -> None:
    with pytest.raises(domain.DomainError, match="removing or renaming departments"):
        domain.update_assessment(answered, departments=departments)
    answered.refresh_from_db()
    assert answered.departments == ["Policy", "Operations"]


def test_adding_a_department_does_not_let_the_goal_change_with_it(answered: Assessment) -> None:
    with pytest.raises(domain.DomainError, match="Changing the goal"):
        domain.update_assessment(
            answered, departments=["Policy", "Operations", "Finance"], goal="Something else"
        )
    answered.refresh_from_db()
    assert answered.departments == ["Policy", "Operations"]


def test_before_any_answer_departments_can_be_removed(assessment_a: Assessment) -> None:
    assessment = domain.update_assessment(assessment_a, departments=["Policy", "Operations"])
    assert domain.update_assessment(assessment, departments=["Policy"]).departments == ["Policy"]


def test_the_departments_can_be_reordered_after_answers_exist(answered: Assessment) -> None:
    changed = domain.update_assessment(answered, departments=["Operations", "Policy"])
    assert changed.departments == ["Operations", "Policy"]
