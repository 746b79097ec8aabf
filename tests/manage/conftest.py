"""Personas for the management pages: alice owns org A, bob views org A, charlie owns org B.

Charlie is the could-leak second tenant: every org-A page must be a 404 for him.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import browser  # noqa: F401 - the browser tests here drive it
from django.utils import translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(autouse=True)
def mini_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The small test model, so no test depends on the real model's wording."""
    monkeypatch.setenv("CAPABILITY_MODELS_DIR", str(FIXTURES))


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Tests read English messages, also once the Dutch translations are merged."""
    with translation.override("en"):
        yield


@pytest.fixture
def assessment_a(org_a: Organisation, alice: User) -> Assessment:
    return domain.create_assessment(org_a, alice, title="Round 1", min_group=3)


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
