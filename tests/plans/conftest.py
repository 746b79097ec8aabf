"""Personas and data for the action plan: alice owns org A, dave edits it, bob views it,
charlie owns org B (the could-leak second tenant). The small test model keeps the names fixed:
its aspects are goals, themes and selection (strategy), leadership and learning (culture).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser  # noqa: F401 - the browser tests here drive it
from django.test import Client
from django.utils import translation
from support import PASSWORD, logged_in

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.plans import domain as plans
from partnerscan.plans.models import Action

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(FIXTURES))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def dave(org_a: Organisation) -> User:
    user = User.objects.create_user("dave@example.org", PASSWORD, name="Dave")
    accounts_domain.add_member(org_a, user.email, "editor")
    return user


@pytest.fixture
def as_dave(dave: User) -> Client:
    return logged_in(dave)


@pytest.fixture
def assessment_a(org_a: Organisation, alice: User) -> Assessment:
    return domain.create_assessment(org_a, alice, title="Round 1", min_group=3)


@pytest.fixture
def action_a(assessment_a: Assessment, alice: User) -> Action:
    return plans.create_action(
        assessment_a,
        alice,
        aspect="themes",
        description="Choose three themes with the board.",
        owner="Fatima Jansen",
        due_on=dt.date(2026, 6, 30),
        target_level=3,
    )
