"""The health check columns of the portfolio's register: last closed check, next one due, its
overall mean against the one before; and their cost whatever the register's size."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import health
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.portfolio.rhythm import add_months

from .conftest import partnership
from .health_support import closed_check, text_of

pytestmark = pytest.mark.django_db


def _row(page: bytes, name: str) -> str:
    found = re.search(
        rb"<tr>\s*<th scope=\"row\"><a [^>]*>%s</a>.*?</tr>" % name.encode(), page, re.S
    )
    assert found is not None
    return text_of(found.group(0))


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def test_the_register_shows_last_check_next_due_and_the_change(
    as_alice: Client, org_a: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    rising = partnership(org_a, alice, "Rising", [partner], review_interval_months=6)
    closed_check(rising, ["2", "2", "2"], ["3", "3", "3"])
    closed_check(rising, ["4", "4", "5"], ["4", "4", "4"])
    once = partnership(org_a, alice, "Once", [partner])
    closed_check(once, ["3", "4", "4"], [])
    few = partnership(org_a, alice, "Few", [partner], review_interval_months=12)
    closed_check(few, ["3", "3", "3"], [])
    closed_check(few, ["3", "3"], [])
    running = partnership(org_a, alice, "Running", [partner])
    health.start_health_check(running, alice)
    page = as_alice.get(f"/orgs/{org_a.pk}/portfolio/").content
    today = timezone.localdate()
    due = f"{_day(today)} Next check due:"  # the last cell of each row
    assert _row(page, "Rising").endswith(
        f"4.2 ↑ higher than the check before {due} {_day(add_months(today, 6))}"
    )
    assert _row(page, "Once").endswith(f"3.7 {due} not planned")
    assert _row(page, "Few").endswith(f"– {due} {_day(add_months(today, 12))}")
    assert _row(page, "Running").endswith("—")


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 11, 15), 3, dt.date(2028, 2, 15)),
        (dt.date(2027, 12, 29), 2, dt.date(2028, 2, 29)),
    ],
)
def test_the_next_check_is_due_the_same_day_months_later(
    day: dt.date, months: int, due: dt.date
) -> None:
    assert add_months(day, months) == due


def _with_checks(
    org: Organisation, user: User, partner: PartnerOrganisation, names: list[str]
) -> None:
    for name in names:
        p = partnership(org, user, name, [partner], review_interval_months=6)
        closed_check(p, ["3", "4", "4"], ["3"])
        closed_check(p, ["4", "4", "4"], [])


def test_the_register_costs_the_same_however_many_checks(
    as_alice: Client, org_a: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    url = f"/orgs/{org_a.pk}/portfolio/"
    _with_checks(org_a, alice, partner, ["P1"])
    with CaptureQueriesContext(connection) as few:
        assert as_alice.get(url).status_code == 200
    _with_checks(org_a, alice, partner, [f"Q{n}" for n in range(6)])
    for name in ("R1", "R2"):
        partnership(org_a, alice, name, [partner])
    with CaptureQueriesContext(connection) as many:
        assert as_alice.get(url).status_code == 200
    assert len(many) == len(few)
