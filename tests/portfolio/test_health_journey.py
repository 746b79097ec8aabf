"""A health check from the respondents' side, through the pages: both sides answer and submit,
autosave and resume on another device, a double submit, a closed check, unknown tokens."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from support import client_in, english_client

from partnerscan.accounts.models import User
from partnerscan.core.logging import redact
from partnerscan.portfolio import health
from partnerscan.portfolio.models import HealthCheck, HealthInvitation, HealthResponse, Partnership

pytestmark = pytest.mark.django_db

STATEMENTS = [
    "goal-clear",
    "goal-shared",
    "value-own",
    "value-other",
    "trust-open",
    "trust-word",
    "govern-decisions",
    "govern-agreements",
    "commit-promised",
    "commit-leadership",
    "learn-results",
    "learn-review",
]


@pytest.fixture
def check(care: Partnership, alice: User) -> HealthCheck:
    return health.start_health_check(care, alice)


def links(check: HealthCheck, side: str, n: int, language: str = "en") -> list[str]:
    return health.create_health_links(check, None, side, n, language)


def save(client: Client, token: str, statement: str, value: str) -> int:
    response = client.post(
        f"/h/{token}/save/", {"statement": statement, "value": value}, HTTP_HX_REQUEST="true"
    )
    return response.status_code


def answer_all(token: str, values: dict[str, str], comment: str = "") -> None:
    """What a respondent with JavaScript does: start, autosave each answer, submit."""
    client = english_client()
    assert client.get(f"/h/{token}/").status_code == 200
    assert client.post(f"/h/{token}/").status_code == 302
    for statement, value in values.items():
        assert save(client, token, statement, value) == 200
    if comment:
        data = {"dimension": "governance", "comment-governance": comment}
        assert client.post(f"/h/{token}/save/", data, HTTP_HX_REQUEST="true").status_code == 200
    assert client.post(f"/h/{token}/submit/").status_code == 302


def test_both_sides_answer_and_a_visitor_who_leaves_counts_nowhere(check: HealthCheck) -> None:
    own, partner = links(check, "own", 4), links(check, "partner", 3)
    for i, token in enumerate(own[:3]):
        answer_all(token, {"goal-clear": str(i + 3), "trust-word": "dk"})
    for token in partner:
        answer_all(token, {"goal-clear": "2", "commit-promised": "4"}, comment="Slow")
    english_client().get(f"/h/{own[3]}/")  # opens the link, reads, leaves

    rows = health.check_rows(check.partnership)
    assert [(s, r.links, r.started, r.submitted) for s, r in rows[0].sides.items()] == [
        ("own", 4, 3, 3),
        ("partner", 3, 3, 3),
    ]
    assert HealthResponse.objects.count() == 6
    closed = health.close_health_check(check, None)
    records = health.health_records(closed)
    assert sorted((r.side, r.answers["goal-clear"], r.answers["trust-word"]) for r in records) == [
        ("own", 3, "dk"),
        ("own", 4, "dk"),
        ("own", 5, "dk"),
        ("partner", 2, None),
        ("partner", 2, None),
        ("partner", 2, None),
    ]
    assert [r.comments for r in records if r.side == "partner"] == [{"governance": "Slow"}] * 3
    assert all(list(r.answers) == STATEMENTS for r in records)
    assert health.check_rows(check.partnership)[0].partner.counting == 3


def test_the_partner_reads_the_partner_wording_in_their_language(check: HealthCheck) -> None:
    (own,), (partner,) = links(check, "own", 1), links(check, "partner", 1, "nl")
    own_page = english_client().get(f"/h/{own}/questions/").content.decode()
    partner_page = english_client().get(f"/h/{partner}/questions/").content.decode()
    assert "Our organisation makes available the people" in own_page
    assert "De andere organisatie maakt de mensen, tijd en middelen vrij" in partner_page
    assert "Weet ik niet" in partner_page and 'lang="nl"' in partner_page


def test_answers_autosave_and_resume_on_another_device(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1)
    phone = english_client()
    phone.post(f"/h/{token}/")
    assert save(phone, token, "goal-clear", "4") == 200
    assert save(phone, token, "goal-clear", "5") == 200  # the last save wins
    laptop = english_client()
    html = laptop.get(f"/h/{token}/questions/").content.decode()
    assert re.search(r'id="goal-clear-5"[^>]*checked', html)
    assert not re.search(r'id="goal-clear-4"[^>]*checked', html)
    assert laptop.get(f"/h/{token}/").content.decode().count("Continue") >= 1


def test_the_page_posts_as_a_whole_without_javascript(check: HealthCheck) -> None:
    (token,) = links(check, "partner", 1)
    client = english_client()
    data = {"s-goal-clear": "3", "s-value-own": "dk", "comment-shared-goal": " Clear enough "}
    response = client.post(f"/h/{token}/questions/", data)
    assert response.status_code == 302 and response["Location"] == f"/h/{token}/review/"
    stored = HealthResponse.objects.get()
    assert dict(stored.answers.values_list("statement", "value")) == {
        "goal-clear": 3,
        "value-own": 9,
    }
    assert list(stored.comments.values_list("dimension", "text")) == [
        ("shared-goal", "Clear enough")
    ]
    bad = client.post(f"/h/{token}/questions/", {"s-goal-clear": "7", "s-value-own": "2"})
    assert bad.status_code == 400
    assert dict(stored.answers.values_list("statement", "value"))["value-own"] == 9


def test_an_empty_page_post_makes_no_response(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1)
    english_client().post(f"/h/{token}/questions/", {})
    english_client().post(f"/h/{token}/submit/")
    assert not HealthResponse.objects.exists()


def test_submitting_twice_counts_once(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1)
    client = english_client()
    client.post(f"/h/{token}/")
    save(client, token, "goal-clear", "4")
    first = client.post(f"/h/{token}/submit/")
    second = client.post(f"/h/{token}/submit/")
    assert first["Location"] == second["Location"] == f"/h/{token}/thanks/"
    assert HealthResponse.objects.filter(submitted=True).count() == 1
    assert HealthInvitation.objects.filter(submitted_on__isnull=False).count() == 1
    assert client.get(f"/h/{token}/thanks/").status_code == 200


def test_a_closed_check_refuses_answers_and_says_so(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1)
    client = english_client()
    client.post(f"/h/{token}/")
    save(client, token, "goal-clear", "4")
    health.close_health_check(check, None)
    refused = client.post(
        f"/h/{token}/save/", {"statement": "goal-clear", "value": "2"}, HTTP_HX_REQUEST="true"
    )
    assert refused.status_code == 410 and "closed" in refused.content.decode()
    page = client.get(f"/h/{token}/questions/")
    assert page.status_code == 410 and "This health check has closed" in page.content.decode()
    assert client.post(f"/h/{token}/submit/").status_code == 410
    assert list(HealthResponse.objects.values_list("key_hash", "submitted")) == [(None, False)]
    assert HealthResponse.objects.get().answers.get().value == 4


def test_a_closed_check_page_is_in_the_respondents_language(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1, "nl")
    health.close_health_check(check, None)
    page = client_in("en").get(f"/h/{token}/")
    assert page.status_code == 410 and page["Content-Language"] == "nl"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", ""),
        ("post", ""),
        ("post", "language/"),
        ("get", "questions/"),
        ("post", "save/"),
        ("get", "review/"),
        ("post", "submit/"),
        ("get", "thanks/"),
    ],
)
def test_an_unknown_token_is_not_found_on_every_respondent_url(
    check: HealthCheck, method: str, path: str
) -> None:
    links(check, "own", 1)
    response = getattr(english_client(), method)(f"/h/{'A' * 32}/{path}")
    assert response.status_code == 404


def test_the_language_switch_before_the_first_answer_makes_no_response(check: HealthCheck) -> None:
    (token,) = links(check, "own", 1, "nl")
    client = english_client()
    response = client.post(f"/h/{token}/language/", {"language": "en", "next": "questions"})
    assert response["Location"] == f"/h/{token}/questions/"
    assert HealthInvitation.objects.get().language == "en"
    assert not HealthResponse.objects.exists()
    assert client.get(f"/h/{token}/")["Content-Language"] == "en"


def test_tokens_in_health_paths_are_redacted_from_logs() -> None:
    assert redact(f"Not Found: /h/{'Z' * 32}/save/") == "Not Found: /h/[token]/save/"
