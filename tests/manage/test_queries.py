"""List pages issue a fixed number of queries, however many rows they show."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import assessment_results

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db


def fill(org: Organisation, user: User, rounds: int) -> None:
    for number in range(rounds):
        assessment = domain.create_assessment(org, user, title=f"Round {number}")
        domain.open_assessment(assessment)
        for token in domain.create_links(assessment, 3)[:2]:
            answer_as_respondent(assessment, token, {"goals": ("2", "3")})


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_organisation_page_does_not_query_per_assessment(
    as_alice: Client,
    alice: User,
    org_a: Organisation,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    url = f"/orgs/{org_a.pk}/"
    fill(org_a, alice, 1)
    few = count_queries(as_alice, url)
    fill(org_a, alice, 6)
    with django_assert_max_num_queries(few):
        html = as_alice.get(url).content.decode()
    assert html.count('<td class="num">2</td><td class="num">3</td>') == 7  # submitted, invited


def test_the_organisation_list_does_not_query_per_organisation(
    as_alice: Client, alice: User, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    accounts_domain.create_organisation(alice, "First")
    few = count_queries(as_alice, "/orgs/")
    for number in range(8):
        accounts_domain.create_organisation(alice, f"Client {number}")
    with django_assert_max_num_queries(few):
        assert as_alice.get("/orgs/").status_code == 200


def test_the_invitations_page_does_not_query_per_invitation(
    as_alice: Client,
    assessment_a: Assessment,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    url = f"/assessments/{assessment_a.pk}/invitations/"
    domain.create_links(assessment_a, 1)
    few = count_queries(as_alice, url)
    domain.create_links(assessment_a, 30)
    with django_assert_max_num_queries(few):
        assert as_alice.get(url).status_code == 200


def test_results_load_in_two_queries_for_any_number_of_respondents(
    assessment_a: Assessment, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    domain.open_assessment(assessment_a)
    for token in domain.create_links(assessment_a, 12):
        answer_as_respondent(assessment_a, token, {"goals": ("2", "3"), "learning": ("dk", "4")})
    with django_assert_num_queries(2):
        results = assessment_results(assessment_a, "en")
    assert results is not None and results.respondents == 12
