"""A small portfolio of org A (alice owns, bob views; departments Policy and Operations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from browser_support import browser  # noqa: F401 - the health check's browser test drives it

from partnerscan.accounts.models import Organisation, User
from partnerscan.portfolio import domain
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

TODAY = dt.date(2026, 6, 1)


def partnership(
    organisation: Organisation,
    user: User | None,
    name: str,
    partners: list[PartnerOrganisation],
    **fields: Any,
) -> Partnership:
    values: dict[str, Any] = {
        "challenge_type": "chain",
        "goal": "Shorter waiting lists",
        "phase": "running",
        "importance": 2,
    }
    return domain.create_partnership(
        organisation, user, name=name, partners=partners, **{**values, **fields}
    )


@pytest.fixture
def partner(org_a: Organisation, alice: User) -> PartnerOrganisation:
    return domain.create_partner(org_a, alice, "Care Group", "non-profit")


@pytest.fixture
def care(org_a: Organisation, alice: User, partner: PartnerOrganisation) -> Partnership:
    return partnership(org_a, alice, "Care chain", [partner], departments=["Policy"])
