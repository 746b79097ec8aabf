"""No breakdown of the results lets a reader recover a group smaller than k by subtraction."""

from __future__ import annotations

import pytest

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results

from .conftest import World, answer

pytestmark = pytest.mark.django_db


def respondents(assessment: Assessment, department: str, role: str, level: str, n: int) -> None:
    for token in domain.create_links(assessment, n):
        invitation = domain.find_invitation(token)
        assert invitation is not None
        response = domain.start_response(invitation, token)
        domain.save_context(response, role, department)
        answer(token, {"goals": (level, "5"), "themes": (level, "5"), "selection": (level, "5")})


def small_department_round(organisation: Organisation) -> Assessment:
    """k = 3: Policy 4, Operations 3, and Sales only 2, who all answer level 1."""
    assessment = domain.create_assessment(
        organisation, None, title="k", min_group=3, departments=["Policy", "Operations", "Sales"]
    )
    assessment = domain.open_assessment(assessment)
    respondents(assessment, "Policy", "staff", "4", 4)
    respondents(assessment, "Operations", "board", "3", 3)
    respondents(assessment, "Sales", "staff", "1", 2)
    return domain.close_assessment(assessment)  # an open round shows no results at all


def test_a_department_below_k_is_pooled_with_the_smallest_shown_one(world: World) -> None:
    results = assessment_results(small_department_round(world.a.organisation), "en")
    assert results is not None and results.respondents == 9
    groups = results.breakdowns.department.groups
    # Sales (2) alone in "other" could be subtracted from the total, so Operations joins it.
    assert [(g.group, g.kind, g.n) for g in groups] == [
        ("Policy", "value", 4),
        ("other", "other", 5),
    ]


def test_no_breakdown_has_a_bucket_below_k_and_buckets_add_up_to_everyone(world: World) -> None:
    results = assessment_results(small_department_round(world.a.organisation), "en")
    assert results is not None
    for name in ("role", "department", "group"):
        breakdown = getattr(results.breakdowns, name)
        if breakdown.suppressed:
            continue
        sizes = [group.n for group in breakdown.groups]
        assert min(sizes) >= 3 and sum(sizes) == results.respondents, name


def test_subtracting_shown_groups_from_the_total_never_gives_the_small_group(
    world: World,
) -> None:
    results = assessment_results(small_department_round(world.a.organisation), "en")
    assert results is not None
    total = results.overall.current.mean * results.respondents
    for name in ("role", "department", "group"):
        for group in getattr(results.breakdowns, name).groups:
            rest_n = results.respondents - group.n
            if rest_n:
                # Sales' two respondents said 1 everywhere: a mean of 1 would reveal them.
                rest = (total - group.conditions[0].current.mean * group.n) / rest_n
                assert rest_n >= 3 and rest != pytest.approx(1.0), (name, group.group)
            assert group.conditions[0].current.mean != pytest.approx(1.0)
