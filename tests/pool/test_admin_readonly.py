"""The admin shows the pool and the action plans but changes neither: their workflows
(pool/domain.py, plans/domain.py) are the only way they change, and the only ones that log."""

from __future__ import annotations

from typing import Any

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from partnerscan.accounts.models import Organisation, User
from partnerscan.plans import domain as plans
from partnerscan.plans.models import Action
from partnerscan.pool.models import PoolEntry, PoolScore

from .benchmark_support import closed_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_operator() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.org", "a-long-password-1"))
    return client


def snapshot() -> dict[str, Any]:
    return {
        "entries": [model_to_dict(e) for e in PoolEntry.objects.order_by("pk")],
        "scores": [model_to_dict(s) for s in PoolScore.objects.order_by("pk")],
        "actions": [model_to_dict(a) for a in Action.objects.order_by("pk")],
    }


def test_an_operator_cannot_change_add_or_delete_pool_entries_or_actions(
    org_a: Organisation, alice: User, as_operator: Client
) -> None:
    assessment = closed_round(org_a)
    entry = PoolEntry.objects.get(assessment=assessment)
    aspect = assessment.capability_model.aspects[0].id
    action = plans.create_action(
        assessment, alice, aspect=aspect, description="Meet monthly", owner="Ann"
    )
    before = snapshot()
    posts = {
        f"/admin/pool/poolentry/{entry.pk}/change/": {
            "latest": "",
            "respondents": "99",
            "organisation": str(org_a.pk),
            "scores-TOTAL_FORMS": "0",
            "scores-INITIAL_FORMS": "0",
        },
        "/admin/pool/poolentry/add/": {"assessment": str(assessment.pk), "latest": "on"},
        f"/admin/pool/poolentry/{entry.pk}/delete/": {"post": "yes"},
        f"/admin/plans/action/{action.pk}/change/": {
            "assessment": str(assessment.pk),
            "aspect": "not-an-aspect",
            "description": "Changed behind the plan's back",
            "owner": "Mallory",
            "status": "done",
        },
        "/admin/plans/action/add/": {
            "assessment": str(assessment.pk),
            "aspect": aspect,
            "description": "Added behind the plan's back",
            "owner": "Mallory",
            "status": "planned",
        },
        f"/admin/plans/action/{action.pk}/delete/": {"post": "yes"},
    }
    statuses = {url: as_operator.post(url, data).status_code for url, data in posts.items()}
    assert statuses == dict.fromkeys(posts, 403)
    assert snapshot() == before


def test_an_operator_still_reads_the_pool_and_the_plans(
    org_a: Organisation, alice: User, as_operator: Client
) -> None:
    assessment = closed_round(org_a)
    entry = PoolEntry.objects.get(assessment=assessment)
    aspect = assessment.capability_model.aspects[0].id
    action = plans.create_action(assessment, alice, aspect=aspect, description="x", owner="Ann")
    urls = [
        "/admin/pool/poolentry/",
        f"/admin/pool/poolentry/{entry.pk}/change/",
        "/admin/plans/action/",
        f"/admin/plans/action/{action.pk}/change/",
    ]
    assert {url: as_operator.get(url).status_code for url in urls} == dict.fromkeys(urls, 200)
