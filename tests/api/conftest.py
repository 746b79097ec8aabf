"""A world for the API: two organisations, each with its members and rounds, and tokens.

Org A: alice owns, dave edits, bob views. It has a closed round of model 1.1 whose partners
answered too (so its results JSON carries `partner_view`), with one action in its plan, and an
open round without interim results. Org B (charlie owns, erin edits, frank views) has the same
rounds without partners: the could-leak second tenant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from partner_scenarios import PARTNER_ASPECTS, Partner, own_round, partners
from support import PASSWORD

from partnerscan.accounts import domain as accounts_domain
from partnerscan.accounts.models import Organisation, User
from partnerscan.api import domain
from partnerscan.assessments import domain as assessments
from partnerscan.assessments.models import Assessment
from partnerscan.plans import domain as plans


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def own_level(i: int, aspect: str) -> int:
    return 2 + (i + len(aspect)) % 3


def partner_answers(i: int) -> dict[str, str]:
    return {aspect: str(1 + (i + len(aspect)) % 5) for aspect in PARTNER_ASPECTS}


@dataclass
class Tenant:
    organisation: Organisation
    owner: User
    editor: User
    viewer: User
    closed: Assessment
    open: Assessment


def make_tenant(letter: str, names: tuple[str, str, str], with_partners: bool) -> Tenant:
    owner, editor, viewer = (
        User.objects.create_user(f"{name}@example.org", PASSWORD, name=name.title())
        for name in names
    )
    organisation = accounts_domain.create_organisation(
        owner, f"Org {letter}", departments=["Policy"]
    )
    accounts_domain.add_member(organisation, editor.email, "editor")
    accounts_domain.add_member(organisation, viewer.email, "viewer")
    closed = own_round(organisation, owner, own_level, title=f"Scan {letter}")
    if with_partners:
        people = [Partner(f"Partner {i % 2}", partner_answers(i)) for i in range(6)]
        partners(closed, owner, people, min_group=3)
    plans.create_action(closed, owner, aspect="goals", description="Agree goals", owner="Kim")
    opened = assessments.open_assessment(
        assessments.create_assessment(organisation, owner, title="Open round", min_group=3)
    )
    return Tenant(organisation, owner, editor, viewer, closed, opened)


@dataclass
class World:
    a: Tenant
    b: Tenant


@pytest.fixture
def world(db: None) -> World:
    return World(
        make_tenant("A", ("alice", "dave", "bob"), with_partners=True),
        make_tenant("B", ("charlie", "erin", "frank"), with_partners=False),
    )


def token_for(user: User, organisation: Organisation, scope: str = "read", days: int = 30) -> str:
    return domain.create_token(user, organisation, "Test", scope, days).token


def api(token: str, lang: str = "en") -> Client:
    """A client that sends the token with every request, and asks for `lang`."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE=lang)
