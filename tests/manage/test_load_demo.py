"""`partnerscan load_demo`: a ready-to-try set-up, created once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response
from partnerscan.assessments.results import assessment_results

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    models: list[Any] = [User, Organisation, Membership, Assessment, Invitation, Response, Answer]
    return {model.__name__: model.objects.count() for model in models}


def test_load_demo_twice_creates_everything_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    assert (first["User"], first["Organisation"], first["Assessment"]) == (2, 1, 2)
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/accounts/login/" in out and "consultant@example.org" in out
    assert User.objects.get(email="consultant@example.org").check_password("partnerscan-demo")
    assert User.objects.get(email="viewer@example.org").check_password("partnerscan-demo")


def test_the_closed_demo_assessment_has_results_and_comments() -> None:
    call_command("load_demo")
    closed = Assessment.objects.get(state="closed")
    results = assessment_results(closed, "nl")
    assert results is not None and results.respondents == 25
    assert len(results.leads) == 3
    assert any(aspect.agreement.views_differ for aspect in results.aspects)
    assert sum(aspect.current.dont_know for aspect in results.aspects) > 0
    assert Answer.objects.filter(response__assessment=closed).exclude(comment="").count() == 10


def test_the_open_demo_assessment_has_invitations_in_every_state() -> None:
    call_command("load_demo")
    opened = Assessment.objects.get(state="open")
    statuses = {invitation.status for invitation in opened.invitations.all()}
    assert statuses == {"invited", "started", "submitted"}
    assert opened.invitations.filter(kind="email", token_hash=None).count() == 3
