"""A partner round of org A (alice owns, bob views; charlie owns org B, the could-leak tenant),
on the shipped model 1.1 and its partner wording (14 aspects a partner can observe)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment
from partnerscan.partnerview import domain, mail
from partnerscan.partnerview.invitees import Invitee
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound
from partnerscan.portfolio import contacts
from partnerscan.portfolio import domain as portfolio
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

NEW, OLD = "partnership-capability@1.1", "partnership-capability@1.0"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def assessment_a(org_a: Organisation, alice: User) -> Assessment:
    return assessments.create_assessment(org_a, alice, title="Scan 2026", model_ref=NEW)


@pytest.fixture
def partner_round(assessment_a: Assessment, alice: User) -> PartnerRound:
    return domain.start_partner_round(assessment_a, alice, min_group=3)


@pytest.fixture
def care_group(org_a: Organisation, alice: User) -> PartnerOrganisation:
    return portfolio.create_partner(org_a, alice, "Care Group", "non-profit")


@pytest.fixture
def care(org_a: Organisation, alice: User, care_group: PartnerOrganisation) -> Partnership:
    """A partnership with one partner organisation, with a contact on each side."""
    made = portfolio.create_partnership(
        org_a,
        alice,
        name="Care chain",
        partners=[care_group],
        challenge_type="chain",
        goal="Shorter waiting lists",
        phase="running",
        importance=2,
    )
    contacts.add_contact(made, alice, "partner", "piet@care.example", "Piet", "nl")
    contacts.add_contact(made, alice, "own", "olga@example.org", "Olga", "nl")
    return made


def invite(
    partner_round: PartnerRound, email: str, organisation: str = "Care Group", language: str = "en"
) -> PartnerInvitation:
    (made,) = domain.add_partner_invitations(
        partner_round, [Invitee(email, organisation, language)], None
    )
    return made


def link(
    partner_round: PartnerRound, email: str, organisation: str = "Care Group", language: str = "en"
) -> str:
    """An invited partner's token, as the worker's mail would carry it."""
    token = mail.issue_token(invite(partner_round, email, organisation, language))
    assert token is not None
    return token
