"""The dashboard issues the same number of queries whatever the number of respondents."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.plans import domain as plans
from partnerscan.plans.followup import start_follow_up

from .conftest import add_responses

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_does_not_query_per_respondent(
    assessment_a: Assessment, as_bob: Client
) -> None:
    url = f"/assessments/{assessment_a.pk}/dashboard/"
    add_responses(assessment_a, 5, comment="Five.")
    few = queries(as_bob, url)
    add_responses(assessment_a, 35, comment="Forty.")
    assert queries(as_bob, url) == few


def test_the_results_export_does_not_query_per_respondent(
    assessment_a: Assessment, as_bob: Client
) -> None:
    url = f"/assessments/{assessment_a.pk}/export/results.csv"
    add_responses(assessment_a, 5)
    few = queries(as_bob, url)
    add_responses(assessment_a, 35)
    assert queries(as_bob, url) == few


def closed_follow_up(organisation: Organisation, owner: User, respondents: int) -> Assessment:
    """The second of two closed rounds, in the pool, with a plan, comments and departments:
    the dashboard then shows every section (trend, plan, benchmark, breakdowns, comments)."""
    first = domain.create_assessment(
        organisation, owner, title=f"{respondents} then", min_group=3, in_pool=True,
        shares={"chain": 0.5, "regional": 0.3, "innovation": 0.2},
    )  # fmt: skip
    domain.open_assessment(first, owner)
    add_responses(
        first, respondents, departments=("Policy", "Operations", "Finance"), comment="Eerst."
    )
    domain.close_assessment(first, owner)
    aspect = first.capability_model.aspects[0].id
    plans.create_action(
        first, owner, aspect=aspect, description="Begin.", owner="Fatima", target_level=3
    )
    second = start_follow_up(first, owner)
    domain.open_assessment(second, owner)
    add_responses(
        second, respondents, departments=("Policy", "Operations", "Finance"), comment="Nu."
    )
    domain.close_assessment(second, owner)
    return second


def test_a_closed_rounds_dashboard_makes_as_many_queries_at_10_as_at_300_respondents(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    small = closed_follow_up(org_a, alice, 10)
    large = closed_follow_up(org_a, alice, 300)
    urls = [f"/assessments/{a.pk}/dashboard/" for a in (small, large)]
    queries(as_bob, urls[0])  # the first request of a session reads what later ones reuse
    assert queries(as_bob, urls[0]) == queries(as_bob, urls[1])
