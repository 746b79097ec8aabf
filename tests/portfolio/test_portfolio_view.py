"""The portfolio view's figures on a known portfolio, and its cost whatever its size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import domain, overview
from partnerscan.portfolio.models import Partnership

from .conftest import TODAY, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def portfolio(org_a: Organisation, alice: User) -> list[Partnership]:
    org_a.departments = ["Policy", "Operations", "Finance"]
    org_a.save()
    care, city, lab = (domain.create_partner(org_a, alice, n) for n in ("Care", "City", "Lab"))
    member = org_a.memberships.get(user=alice)
    return [
        partnership(org_a, alice, "A", [care], departments=["Policy"], owner=member,
                    goal_date=TODAY, review_on=TODAY - dt.timedelta(days=1), importance=3),
        partnership(org_a, alice, "B", [care, city], departments=["Operations"],
                    owner_name="Kim", goal_date=TODAY, review_on=TODAY),
        partnership(org_a, alice, "C", [city], challenge_type="innovation", phase="exploring",
                    departments=["Operations"], importance=1),
        partnership(org_a, alice, "D", [lab], challenge_type="regional", phase="ended",
                    departments=["Policy", "Finance"]),
    ]  # fmt: skip


def test_the_matrix_counts_and_adds_importance(portfolio: list[Partnership]) -> None:
    matrix = overview.matrix(portfolio)
    cells = {
        (row.challenge_type, phase): (cell.count, cell.importance)
        for row in matrix.rows
        for phase, cell in zip(overview.PHASES, row.cells, strict=True)
        if cell.count
    }
    assert cells == {
        ("chain", "running"): (2, 5),
        ("regional", "ended"): (1, 2),
        ("innovation", "exploring"): (1, 1),
    }
    assert [(c.count, c.importance) for c in matrix.totals] == [
        (1, 1),
        (0, 0),
        (2, 5),
        (0, 0),
        (1, 2),
    ]
    assert (matrix.total.count, matrix.total.importance) == (4, 8)


def test_attention_names_what_is_missing_and_skips_ended(portfolio: list[Partnership]) -> None:
    found = {
        a.partnership.name: (a.no_goal_date, a.no_owner, a.review_overdue)
        for a in overview.attention(portfolio, TODAY)
    }
    assert found == {"A": (False, False, True), "C": (True, True, False)}


def test_alignment_lists_partners_of_two_or_more_departments(portfolio: list[Partnership]) -> None:
    found = [
        (a.partner.name, a.departments, [p.name for p in a.partnerships])
        for a in overview.alignment(portfolio, ["Policy", "Operations", "Finance"])
    ]
    assert found == [
        ("Care", ("Policy", "Operations"), ["A", "B"]),
        ("Lab", ("Policy", "Finance"), ["D"]),
    ]


def test_the_list_filters_by_the_query_string(
    as_alice: Client, org_a: Organisation, portfolio: list[Partnership]
) -> None:
    url = f"/orgs/{org_a.pk}/portfolio/"

    def listed(query: str) -> list[str]:
        rows = as_alice.get(url + query).context["listed"]
        return [row["p"].name for row in rows]

    assert listed("") == ["A", "B", "D", "C"]  # by importance, then name
    assert listed("?challenge=chain") == ["A", "B"]
    assert listed("?department=Operations&importance=1") == ["C"]
    assert listed("?phase=ended") == ["D"]
    assert listed("?phase=nonsense&challenge=chain") == ["A", "B"]


def test_the_page_shows_the_figures_in_dutch(
    alice: User, org_a: Organisation, portfolio: list[Partnership]
) -> None:
    from support import logged_in

    html = logged_in(alice, "nl").get(f"/orgs/{org_a.pk}/portfolio/").content.decode()
    assert "Portfolio van samenwerkingen" in html and "Vraagt aandacht" in html
    assert "geen eigenaar" in html and "Keten" in html


def add(org: Organisation, user: User, count: int, start: int) -> None:
    partner = domain.create_partner(org, user, f"Partner {start}")
    member = org.memberships.get(user=user)
    for n in range(start, start + count):
        partnership(org, user, f"P{n}", [partner], owner=member, departments=["Policy"])


def test_the_portfolio_view_costs_the_same_for_any_number_of_partnerships(
    as_alice: Client, org_a: Organisation, alice: User
) -> None:
    url = f"/orgs/{org_a.pk}/portfolio/"
    add(org_a, alice, 2, 0)
    with CaptureQueriesContext(connection) as few:
        assert as_alice.get(url).status_code == 200
    add(org_a, alice, 20, 100)
    with CaptureQueriesContext(connection) as many:
        assert as_alice.get(url).status_code == 200
    assert len(many) == len(few)
