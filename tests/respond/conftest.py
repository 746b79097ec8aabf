"""Fixtures for the respondent questionnaire: an open assessment and a personal link."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel


@pytest.fixture
def model() -> CapabilityModel:
    return get_model()


@pytest.fixture
def organisation(db: None) -> Organisation:
    return Organisation.objects.create(name="Zorggroep Noord", departments=["Sales", "IT"])


@pytest.fixture
def make_assessment(organisation: Organisation) -> Callable[..., Assessment]:
    def make(state: str = "open", **fields: object) -> Assessment:
        fields.setdefault("title", "Partnerscan 2025")
        assessment = domain.create_assessment(organisation, None, **fields)
        if state in ("open", "closed"):
            assessment = domain.open_assessment(assessment)
        return assessment

    return make


@pytest.fixture
def assessment(make_assessment: Callable[..., Assessment]) -> Assessment:
    return make_assessment()


@pytest.fixture
def token(assessment: Assessment) -> str:
    return domain.create_links(assessment, 1)[0]


@pytest.fixture
def started(client: Client, token: str) -> str:
    """A respondent who pressed start; their token."""
    client.post(f"/r/{token}/")
    return token
