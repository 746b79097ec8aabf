"""The partnership register's facts on a round's dashboard, beside the aspects they inform:
finding and selecting partners (`selection`), portfolio governance (`portfolio`) and internal
alignment (`internal-alignment`)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from support import logged_in

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as rounds
from partnerscan.assessments.models import Assessment
from partnerscan.portfolio import domain
from partnerscan.portfolio.facts import (
    HealthDistribution,
    PortfolioFacts,
    health_distribution,
    portfolio_facts,
)
from partnerscan.portfolio.models import PartnerOrganisation, Partnership
from tests.portfolio.health_support import closed_check

from .conftest import add_responses

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LATER = TODAY + dt.timedelta(days=30)
EARLIER = TODAY - dt.timedelta(days=1)


def add(
    organisation: Organisation, name: str, partners: list[PartnerOrganisation], **fields: Any
) -> Partnership:
    values: dict[str, Any] = {
        "challenge_type": "chain",
        "goal": "Shorter waiting lists",
        "phase": "running",
        "importance": 2,
    }
    return domain.create_partnership(
        organisation, None, name=name, partners=partners, **{**values, **fields}
    )


def partners(organisation: Organisation, *names: str) -> list[PartnerOrganisation]:
    return [domain.create_partner(organisation, None, name) for name in names]


@pytest.fixture
def register(org_a: Organisation) -> Organisation:
    """Three partnerships that have not ended and one that has.

    Goal with a goal date: Care and Lab (2 of 3). Review still to come: Care only (1 of 3; the
    Region's has passed, the Lab has none). Several departments: the hospital (Policy through
    Care, Operations through Region) and the college (Operations through Region, Policy through
    Lab); the council only through the ended one, with one department."""
    hospital, college, council = partners(org_a, "Hospital", "College", "Council")
    add(org_a, "Care", [hospital], goal_date=LATER, review_on=LATER, departments=["Policy"])
    add(org_a, "Region", [hospital, college], review_on=EARLIER, departments=["Operations"])
    add(org_a, "Lab", [college], goal_date=LATER, departments=["Policy"])
    add(
        org_a,
        "Old",
        [council],
        phase="ended",
        goal_date=LATER,
        review_on=LATER,
        departments=["Operations"],
    )
    return org_a


def test_the_facts_of_a_known_register(register: Organisation) -> None:
    assert portfolio_facts(register, TODAY) == PortfolioFacts(
        active=3, with_goal=2, review_ahead=1, shared_partners=2
    )


def test_without_partnerships_there_are_no_facts(org_a: Organisation) -> None:
    assert portfolio_facts(org_a, TODAY) is None


def test_another_organisations_register_never_counts(
    register: Organisation, org_b: Organisation
) -> None:
    theirs = partners(org_b, "Hospital")
    for i in range(3):
        add(org_b, f"Theirs {i}", theirs, goal_date=LATER, review_on=LATER)
    assert portfolio_facts(register, TODAY) == PortfolioFacts(3, 2, 1, 2)
    assert portfolio_facts(org_b, TODAY) == PortfolioFacts(3, 3, 3, 0)


def test_the_facts_take_one_query_however_many_partnerships(org_a: Organisation) -> None:
    shared = partners(org_a, "Hospital", "College")
    add(org_a, "First", shared, departments=["Policy"])
    with CaptureQueriesContext(connection) as few:
        portfolio_facts(org_a, TODAY)
    for i in range(20):
        add(org_a, f"More {i}", shared, departments=["Operations"], goal_date=LATER)
    with CaptureQueriesContext(connection) as many:
        facts = portfolio_facts(org_a, TODAY)
    assert (len(few), len(many)) == (1, 1)
    assert facts == PortfolioFacts(21, 20, 0, 2)


def facts_section(client: Client, assessment: Assessment) -> list[tuple[str, str]]:
    body = client.get(f"/assessments/{assessment.pk}/dashboard/").content.decode()
    found = re.search(r'<section id="portfolio-facts".*?</section>', body, re.S)
    assert found is not None
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", found.group(0), re.S)
    return [(term, re.sub(r"\s+", " ", text).strip()) for term, text in pairs]


def test_the_dashboard_shows_the_facts_beside_their_aspects(
    register: Organisation, assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 5)
    assert facts_section(as_bob, assessment_a) == [
        (
            "Finding and selecting partners",
            "67% of the partnerships that have not ended have a goal and a goal date (2 of 3).",
        ),
        (
            "Portfolio governance",
            "33% of the partnerships that have not ended have a review date still to come "
            "(1 of 3). None of them has a closed health check with a result yet.",
        ),
        (
            "Internal alignment per partner",
            "2 partner organisations work with two or more of your departments.",
        ),
    ]


def test_the_dashboard_shows_the_facts_in_dutch(
    register: Organisation, assessment_a: Assessment, bob: User
) -> None:
    add_responses(assessment_a, 5)
    assert facts_section(logged_in(bob, "nl"), assessment_a) == [
        (
            "Partners zoeken en kiezen",
            "67% van de samenwerkingen die niet beëindigd zijn heeft een doel en een "
            "doeldatum (2 van 3).",
        ),
        (
            "Sturing op het portfolio van samenwerkingen",
            "33% van de samenwerkingen die niet beëindigd zijn heeft een evaluatiedatum die "
            "nog moet komen (1 van 3). Geen ervan heeft al een afgesloten gezondheidscheck "
            "met een uitkomst.",
        ),
        (
            "Interne afstemming per partner",
            "2 partnerorganisaties werken met twee of meer van uw afdelingen.",
        ),
    ]


def test_without_partnerships_the_dashboard_has_no_facts(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 5)
    body = as_bob.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert 'id="portfolio-facts"' not in body


def test_another_organisations_round_shows_only_its_own_register(
    register: Organisation, org_b: Organisation, charlie: User
) -> None:
    theirs = rounds.create_assessment(org_b, charlie, title="B", min_group=3)
    add_responses(theirs, 5)
    client = logged_in(charlie)
    body = client.get(f"/assessments/{theirs.pk}/dashboard/").content.decode()
    assert 'id="portfolio-facts"' not in body
    add(org_b, "Solo", partners(org_b, "Bakery"))
    assert facts_section(client, theirs)[2] == (
        "Internal alignment per partner",
        "0 partner organisations work with two or more of your departments.",
    )


def test_the_dashboard_does_not_query_per_partnership(
    register: Organisation, assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 5)
    url = f"/assessments/{assessment_a.pk}/dashboard/"
    as_bob.get(url)  # the first read computes the results and stores them; later ones read them
    with CaptureQueriesContext(connection) as few:
        as_bob.get(url)
    shared = partners(register, "More")
    for i in range(15):
        more = add(register, f"More {i}", shared, departments=["Policy", "Operations"])
        if i < 3:
            closed_check(more, ["4", "4", "4"], ["2", "2", "2"])
            closed_check(more, ["2", "2", "2"], ["1", "1"])
    with CaptureQueriesContext(connection) as many:
        as_bob.get(url)
    assert len(many) == len(few)


def checked(register: Organisation) -> None:
    """Care healthy, Region in trouble, Lab's last check too small for a result (its earlier
    one does not count instead), Old ended (never counts)."""
    care, region, lab, old = register.partnerships.order_by("pk")
    closed_check(care, ["4", "4", "4"], ["4", "4", "5"])
    closed_check(region, ["2", "2", "2"], [])
    closed_check(lab, ["3", "3", "3"], [])
    closed_check(lab, ["3", "3"], [])
    closed_check(old, ["1", "1", "1"], [])


def test_the_health_distribution_counts_last_checks_with_a_result(register: Organisation) -> None:
    checked(register)
    assert health_distribution(register) == HealthDistribution(low=1, middle=0, high=1)


def test_the_health_distribution_takes_two_queries_however_many_checks(
    register: Organisation,
) -> None:
    with CaptureQueriesContext(connection) as few:
        health_distribution(register)
    checked(register)
    with CaptureQueriesContext(connection) as many:
        assert health_distribution(register).total == 2
    assert (len(few), len(many)) == (2, 2)


def test_the_dashboard_shows_the_health_beside_portfolio_governance(
    register: Organisation, assessment_a: Assessment, as_bob: Client, bob: User
) -> None:
    add_responses(assessment_a, 5)
    checked(register)
    assert facts_section(as_bob, assessment_a)[1] == (
        "Portfolio governance",
        "33% of the partnerships that have not ended have a review date still to come "
        "(1 of 3). Their health, by the overall mean (1–5) of the last closed check with a "
        "result: 1 below 2.5, 0 from 2.5 to 3.5, 1 at 3.5 or higher.",
    )
    assert facts_section(logged_in(bob, "nl"), assessment_a)[1][1].endswith(
        "Hun gezondheid, naar het gemiddelde (1–5) van de laatste afgesloten check met een "
        "uitkomst: 1 lager dan 2,5, 0 van 2,5 tot 3,5, 1 op 3,5 of hoger."
    )
