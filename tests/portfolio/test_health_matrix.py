"""The portfolio view's importance × health matrix: the partnerships that have not ended, by
importance and the band of their last closed check's overall mean; and its cost."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import health
from partnerscan.portfolio.health_bands import band_of
from partnerscan.portfolio.models import PartnerOrganisation

from .conftest import partnership
from .health_support import closed_check, text_of

pytestmark = pytest.mark.django_db


def matrix_rows(page: bytes) -> list[str]:
    found = re.search(rb'<table class="results health-matrix">.*?</table>', page, re.S)
    assert found is not None
    return [text_of(row) for row in re.findall(rb"<tr>.*?</tr>", found.group(0), re.S)]


@pytest.mark.parametrize(
    ("mean", "band"),
    [(None, "none"), (1.0, "low"), (2.46, "low"), (2.5, "middle"), (2.54, "middle"),
     (3.46, "middle"), (3.5, "high"), (5.0, "high")],
)  # fmt: skip
def test_a_mean_is_banded_as_it_is_shown(mean: float | None, band: str) -> None:
    # 2.46 is shown as 2.46 beside level 2 (stats.shown), so it is not yet 2.5.
    assert band_of(mean) == band


def test_the_matrix_places_each_partnership_by_importance_and_health(
    as_alice: Client, org_a: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    strong = partnership(org_a, alice, "Strong", [partner], importance=3)
    closed_check(strong, ["4", "4", "5"], ["4", "4", "4"])
    weak = partnership(org_a, alice, "Weak", [partner], importance=3)
    closed_check(weak, ["2", "2", "2"], [])
    middling = partnership(org_a, alice, "Middling", [partner])
    closed_check(middling, ["3", "3", "3"], [])
    recovered = partnership(org_a, alice, "Recovered", [partner])
    closed_check(recovered, ["1", "1", "1"], [])
    closed_check(recovered, ["4", "4", "4"], [])  # the last check counts
    few = partnership(org_a, alice, "Few", [partner], importance=1)
    closed_check(few, ["5", "5"], [])  # no result: waits with those never checked
    health.start_health_check(partnership(org_a, alice, "New", [partner], importance=1), alice)
    ended = partnership(org_a, alice, "Ended", [partner], importance=3, phase="ended")
    closed_check(ended, ["1", "1", "1"], [])
    page = as_alice.get(f"/orgs/{org_a.pk}/portfolio/").content
    assert matrix_rows(page) == [
        "Importance Below 2.5 2.5 to 3.5 3.5 and up No result yet",
        "3 critical Weak – Strong –",
        "2 important – Middling Recovered –",
        "1 supporting – – – Few New",
    ]


def test_a_crowded_cell_gives_its_count(
    as_alice: Client, org_a: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    for n in range(9):
        partnership(org_a, alice, f"P{n}", [partner])
    assert matrix_rows(as_alice.get(f"/orgs/{org_a.pk}/portfolio/").content)[2] == (
        "2 important – – – 9 partnerships"
    )


def test_the_matrix_reads_in_dutch(
    alice: User, org_a: Organisation, partner: PartnerOrganisation
) -> None:
    from support import logged_in

    partnership(org_a, alice, "Zorg", [partner])
    page = logged_in(alice, "nl").get(f"/orgs/{org_a.pk}/portfolio/").content
    assert matrix_rows(page)[0] == "Belang Lager dan 2,5 2,5 tot 3,5 3,5 en hoger Nog geen uitkomst"


def test_the_matrix_costs_the_same_for_any_number_of_partnerships_and_checks(
    as_alice: Client, org_a: Organisation, alice: User, partner: PartnerOrganisation
) -> None:
    url = f"/orgs/{org_a.pk}/portfolio/"
    closed_check(partnership(org_a, alice, "First", [partner]), ["3", "3", "3"], [])
    with CaptureQueriesContext(connection) as few:
        as_alice.get(url)
    for n in range(4):
        checked = partnership(org_a, alice, f"More {n}", [partner], importance=n % 3 + 1)
        closed_check(checked, ["4", "4", "4"], ["2", "2", "2"])
        closed_check(checked, ["2", "2", "2"], [])
    with CaptureQueriesContext(connection) as many:
        as_alice.get(url)
    assert len(many) == len(few)
