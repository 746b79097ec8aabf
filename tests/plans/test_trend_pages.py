"""The trend on the dashboard and in the PDF, in a fixed number of queries."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.plans import domain as plans
from partnerscan.plans.followup import start_follow_up
from partnerscan.reports.build import build_report
from partnerscan.reports.render import report_html

from .test_trend import ONE, TWO, add

pytestmark = pytest.mark.django_db


def rounds(org: Organisation, user: User, earlier: int) -> Assessment:
    """`earlier` closed rounds with answers, then one more closed round with answers (an open
    round shows no numbers); returns the last."""
    assessment = domain.create_assessment(org, user, title="Scan 1", min_group=3)
    for number in range(2, earlier + 2):
        domain.open_assessment(assessment)
        add(assessment, ONE if number % 2 == 0 else TWO)
        plans.create_action(assessment, user, aspect="goals", description="Act.", owner="Ann")
        domain.close_assessment(assessment, user)
        assessment = start_follow_up(assessment, user, title=f"Scan {number}")
    domain.open_assessment(assessment)
    add(assessment, TWO)
    return domain.close_assessment(assessment, user)


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def dashboard(client: Client, assessment: Assessment) -> str:
    response = client.get(f"/assessments/{assessment.pk}/dashboard/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_dashboard_shows_the_trend_with_marks_readable_without_colour(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    page = dashboard(as_bob, rounds(org_a, alice, 1))
    assert '<a href="#trend">Trend</a>' in page and 'id="trend"' in page
    words = text(page)
    assert "Goals 2.13 (n=8) 3.22 (n=9) +1.1 ▲ up, more than chance" in words
    assert "Themes 2.50 (n=8) 2.56 (n=9) +0.1 = within chance" in words
    assert "Actions of earlier rounds and whether their aspect moved" in words
    assert "Act. (Ann) Goals Scan 1 planned +1.1 ▲ up, more than chance" in words
    assert 'class="chart trend-chart"' in page


def test_a_first_round_has_no_trend_section(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    page = dashboard(as_bob, rounds(org_a, alice, 0))
    assert 'id="trend"' not in page and "#trend" not in page


def test_the_pdf_report_carries_the_trend(org_a: Organisation, alice: User) -> None:
    report = build_report(rounds(org_a, alice, 1), "nl")
    words = text(report_html(report))
    assert "Doelen 2,13 (n=8) 3,22 (n=9) +1,1 ▲" in words


def test_a_trend_of_four_earlier_rounds_costs_no_more_queries_than_one(
    org_a: Organisation, org_b: Organisation, alice: User, charlie: User
) -> None:
    one = rounds(org_a, alice, 1)
    four = rounds(org_b, charlie, 4)

    def queries(client: Client, assessment: Assessment) -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard(client, assessment)
        return len(captured)

    assert queries(logged_in(alice), one) == queries(logged_in(charlie), four)


def test_the_earlier_rounds_plan_shows_how_each_aspect_moved_in_the_follow_up(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    first = rounds(org_a, alice, 1).previous
    assert first is not None
    (row,) = build_report(first, "en").actions
    assert row.since is not None and row.since.movement == "up"
    words = text(dashboard(as_bob, first))
    assert "In the follow-up round" in words
    assert "Goals Scan 1 planned" not in words  # the plan's own columns, not the trend's
    assert "Act. Ann" in words and "+1.1 ▲ up, more than chance" in words


def test_a_plan_without_a_follow_up_round_has_no_movement_column(
    org_a: Organisation, alice: User, as_bob: Client
) -> None:
    last = rounds(org_a, alice, 1)
    plans.create_action(last, alice, aspect="goals", description="Again.", owner="Bo")
    assert build_report(last, "en").plan_followed_up is False
    assert "In the follow-up round" not in text(dashboard(as_bob, last))
