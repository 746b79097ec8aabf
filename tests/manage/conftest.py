"""Personas for the management pages: alice owns org A, bob views org A, charlie owns org B.

Charlie is the could-leak second tenant: every org-A page must be a 404 for him.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

FIXTURES = Path(__file__).parents[1] / "fixtures"
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small test model, so no test depends on the real model's wording."""
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(FIXTURES))


@pytest.fixture(autouse=True)
def fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read English messages, also once the Dutch translations are merged."""
    with translation.override("en"):
        yield


def english_client() -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def alice(db: None) -> User:
    return User.objects.create_user("alice@example.org", PASSWORD, name="Alice")


@pytest.fixture
def bob(db: None) -> User:
    return User.objects.create_user("bob@example.org", PASSWORD, name="Bob")


@pytest.fixture
def charlie(db: None) -> User:
    return User.objects.create_user("charlie@example.org", PASSWORD, name="Charlie")


@pytest.fixture
def org_a(alice: User, bob: User) -> Organisation:
    organisation = domain.create_organisation(alice, "Org A", departments=["Policy", "Operations"])
    domain.add_member(organisation, bob.email, "viewer")
    return organisation


@pytest.fixture
def org_b(charlie: User) -> Organisation:
    return domain.create_organisation(charlie, "Org B")


@pytest.fixture
def assessment_a(org_a: Organisation, alice: User) -> Assessment:
    return domain.create_assessment(org_a, alice, title="Round 1", min_group=3)


def logged_in(user: User) -> Client:
    client = english_client()
    client.force_login(user)
    return client


@pytest.fixture
def as_alice(alice: User) -> Client:
    return logged_in(alice)


@pytest.fixture
def as_bob(bob: User) -> Client:
    return logged_in(bob)


@pytest.fixture
def as_charlie(charlie: User) -> Client:
    return logged_in(charlie)


def answer_as_respondent(
    assessment: Assessment, token: str, levels: dict[str, tuple[str, str]], submit: bool = True
) -> None:
    """What the respondent pages do, through the same domain functions."""
    invitation = domain.find_invitation(token)
    assert invitation is not None
    response = domain.start_response(invitation, token)
    for aspect, (current, ambition) in levels.items():
        domain.save_answer(response, aspect, "current", current)
        domain.save_answer(response, aspect, "ambition", ambition)
    if submit:
        domain.submit_response(response, invitation)
