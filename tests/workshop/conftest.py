"""A closed round of model 1.1 in org A (alice owns, bob views; charlie owns org B) with
differing views, leads and a blind spot, and the workshop started on it.

Colleagues split on `contested` (1 or 5) and rate themselves high on `attractiveness`, which
eleven partners rate low: a blind spot. The leads are the engine's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation
from partner_scenarios import PARTNER_ASPECTS, Partner, own_round, partners
from support import english_client

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.models import Assessment
from partnerscan.workshop import domain, participating
from partnerscan.workshop.models import Participant, Workshop
from partnerscan.workshop.participant import COOKIE

CONTESTED, BLIND = "internal-alignment", "attractiveness"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def own_level(i: int, aspect: str) -> int:
    if aspect == CONTESTED:
        return 1 if i % 2 else 5
    if aspect == BLIND:
        return 4 + i % 2
    return 3 + i % 2


def partner_answers(i: int) -> dict[str, str]:
    answers = {aspect: str(3 + i % 2) for aspect in PARTNER_ASPECTS}
    answers[BLIND] = str(1 + i % 2)
    return answers


@pytest.fixture
def scanned(org_a: Organisation, alice: User) -> Assessment:
    assessment = own_round(org_a, alice, own_level, shares={"chain": 0.5, "regional": 0.5})
    partners(assessment, alice, [Partner("Care North", partner_answers(i)) for i in range(6)])
    return assessment


@pytest.fixture
def workshop(scanned: Assessment, alice: User) -> Workshop:
    return domain.start_workshop(scanned, alice, "Workshop March")


@pytest.fixture
def live(workshop: Workshop, alice: User) -> Workshop:
    return domain.go_live(workshop, alice)


def phone(workshop: Workshop, lang: str = "en") -> tuple[Client, Participant]:
    """A participant who joined through the join page, and their browser."""
    client = english_client()
    response = client.post("/w/", {"code": workshop.code.lower(), "language": lang})
    assert response.status_code == 302, response.content
    key = client.cookies[COOKIE].value
    participant = participating.find_participant(workshop.code, key)
    assert participant is not None
    return client, participant


def joined(workshop: Workshop, n: int) -> list[Participant]:
    return [participating.join(workshop.code, None, "nl").participant for _ in range(n)]
