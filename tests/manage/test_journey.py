"""The whole management journey through the pages, as a consultant would walk it."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from support import PASSWORD, english_client

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Membership, User
from partnerscan.assessments.models import Assessment, Invitation

from .conftest import answer_as_respondent

pytestmark = pytest.mark.django_db

GOOD_ANSWERS = [
    {"goals": ("2", "4"), "themes": ("3", "4"), "selection": ("1", "3")},
    {"goals": ("2", "5"), "themes": ("dk", "4"), "selection": ("2", "3")},
    {"goals": ("3", "4"), "themes": ("3", "3"), "selection": ("2", "4")},
]


def new_assessment_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Baseline 2025",
        "model_ref": "mini@1.0",
        "goal": "Work better with the care providers in the region.",
        "shares_0": "50",
        "shares_1": "30",
        "shares_2": "20",
        "languages": ["nl", "en"],
        "min_group": "3",
        "departments": "Policy\nOperations\n",
        "opens_on": "2025-03-01",
        "closes_on": "2025-03-31",
        "allow_amend": "on",
    }
    data.update(overrides)
    return data


def test_a_consultant_goes_from_log_in_to_results(alice: User) -> None:
    client = english_client()
    response = client.post(
        "/accounts/login/", {"username": "Alice@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302

    response = client.post(
        "/orgs/new/",
        {
            "name": "Gemeente Test",
            "sector": "municipality",
            "size": "large",
            "departments": "Policy\n\nOperations\n",
        },
    )
    membership = Membership.objects.get(user=alice)
    organisation = membership.organisation
    assert response.headers["Location"] == f"/orgs/{organisation.pk}/"
    assert (membership.role, organisation.departments) == ("owner", ["Policy", "Operations"])

    form = client.get(f"/orgs/{organisation.pk}/assessments/new/").content.decode()
    assert "Policy\nOperations" in form  # departments prefilled from the organisation
    response = client.post(f"/orgs/{organisation.pk}/assessments/new/", new_assessment_data())
    assessment = Assessment.objects.get(organisation=organisation)
    assert response.headers["Location"] == f"/assessments/{assessment.pk}/"
    assert (assessment.model_ref, assessment.shares, assessment.min_group) == (
        "mini@1.0",
        {"chain": 0.5, "regional": 0.3, "innovation": 0.2},
        3,
    )
    assert assessment.state == "draft"

    page = client.post(
        f"/assessments/{assessment.pk}/invitations/links/", {"count": "5", "language": "en"}
    ).content.decode()
    links = re.findall(r"http://[^\s<]+/r/([A-Za-z0-9_-]+)/", page)
    assert len(links) == 5
    assert "shown only once" in page
    assert Invitation.objects.filter(assessment=assessment, kind="link").count() == 5

    client.post(f"/assessments/{assessment.pk}/open/")
    assessment.refresh_from_db()
    assert assessment.state == "open"

    for token, levels in zip(links, GOOD_ANSWERS, strict=False):
        answer_as_respondent(assessment, token, levels)
    answer_as_respondent(assessment, links[3], {"goals": ("1", "2")}, submit=False)

    overview = client.get(f"/assessments/{assessment.pk}/").content.decode()
    assert re.search(r"<strong>5</strong> invited", overview)
    assert re.search(r"<strong>4</strong> started", overview)
    assert re.search(r"<strong>3</strong> submitted", overview)

    confirm = client.get(f"/assessments/{assessment.pk}/close/").content.decode()
    assert "stop working" in confirm and "read-only" in confirm
    client.post(f"/assessments/{assessment.pk}/close/")
    assessment.refresh_from_db()
    assert assessment.state == "closed"

    # The old results page is gone; its address leads to the dashboard, the one place.
    old = client.get(f"/assessments/{assessment.pk}/results/")
    assert (old.status_code, old.headers["Location"]) == (
        302,
        f"/assessments/{assessment.pk}/dashboard/",
    )
    results = client.get(old.headers["Location"]).content.decode()
    assert "60% response rate (3 of 5 invited)" in results
    assert re.search(r'<strong class="big">3</strong>', results)
    assert "No results below 3 respondents" not in results
    # Strategy now, per respondent: 2, 2 (dk left out), 2.67 → mean 2.2, level 2
    strategy = r'Strategy</th><td class="num"[^>]*>2.2</td><td class="nowrap"[^>]*>2 · Aware</td>'
    assert re.search(strategy, results)
    assert "Leads to work on" in results


def test_results_below_three_respondents_show_the_message_and_no_numbers(
    as_alice: Client, assessment_a: Assessment
) -> None:
    from partnerscan.assessments import domain

    domain.open_assessment(assessment_a)
    tokens = domain.create_links(assessment_a, 2)
    for token in tokens:
        answer_as_respondent(assessment_a, token, {"goals": ("4", "5"), "themes": ("4", "5")})
    domain.close_assessment(assessment_a)  # while open, results are never shown at all
    html = as_alice.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert "No results below 3 respondents" in html
    assert 'id="profile"' not in html
    assert "4.0" not in html and "Leads to work on" not in html


def test_logging_out_takes_a_post(as_alice: Client) -> None:
    assert as_alice.get("/accounts/logout/").status_code == 405
    assert as_alice.post("/accounts/logout/").status_code == 302
    assert as_alice.get("/orgs/").status_code == 302


def test_password_reset_sends_a_working_link(alice: User, mailoutbox: list) -> None:
    client = english_client()
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    form_url = client.get(link.group(1)).headers["Location"]
    new = "another-long-password-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.headers["Location"] == "/accounts/password/reset/done/"
    assert Client().login(username="alice@example.org", password=new)


def test_the_organisation_switcher_remembers_the_current_organisation(
    as_alice: Client, alice: User, org_a: object
) -> None:

    other = accounts_domain.create_organisation(alice, "Another client")
    html = as_alice.get("/orgs/").content.decode()
    assert 'name="organisation"' in html  # the switcher shows with more than one
    response = as_alice.post("/orgs/switch/", {"organisation": other.pk})
    assert response.headers["Location"] == f"/orgs/{other.pk}/"
    assert as_alice.session["organisation_id"] == other.pk


def test_results_speak_the_readers_language(as_alice: Client, assessment_a: Assessment) -> None:
    from partnerscan.assessments import domain

    domain.open_assessment(assessment_a)
    for token in domain.create_links(assessment_a, 3):
        answer_as_respondent(assessment_a, token, {"goals": ("2", "4"), "themes": ("2", "3")})
    domain.close_assessment(assessment_a)  # while open, results are never shown at all
    as_alice.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = as_alice.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    strategy = r'Strategie</th><td class="num"[^>]*>2,0</td><td class="nowrap"[^>]*>2 · Bewust</td>'
    assert re.search(strategy, html)
