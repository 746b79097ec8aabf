"""`partnerscan load_demo`: a ready-to-try set-up, created once."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.core.management import call_command

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.assessments.models import Answer, Assessment, Invitation, Response
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.demo.management.commands.load_demo import ORGANISATION, PEERS
from partnerscan.plans.models import Action
from partnerscan.reports.build import build_report

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, int]:
    models: list[Any] = [User, Organisation, Membership, Assessment, Invitation, Response, Answer]
    return {model.__name__: model.objects.count() for model in models}


def test_load_demo_twice_creates_everything_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PORT", raising=False)
    call_command("load_demo")
    first = snapshot()
    call_command("load_demo")
    assert snapshot() == first
    # The demo organisation with three rounds, and the peers that fill the pool.
    assert (first["User"], first["Organisation"], first["Assessment"]) == (2, 1 + PEERS, 3 + PEERS)
    # Sectors are ids of the fixed list; the demo's own sector has peers enough to compare.
    sectors = Counter(Organisation.objects.values_list("sector", flat=True))
    assert sectors == {"municipality": 11, "healthcare": 4, "education": 3, "housing": 3}
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/accounts/login/" in out and "consultant@example.org" in out
    assert User.objects.get(email="consultant@example.org").check_password("partnerscan-demo")
    assert User.objects.get(email="viewer@example.org").check_password("partnerscan-demo")


def test_the_closed_demo_assessment_has_results_and_comments() -> None:
    call_command("load_demo")
    closed = Assessment.objects.get(organisation__name=ORGANISATION, previous=None, state="closed")
    results = assessment_results(closed, "nl")
    assert results is not None and results.respondents == 25
    assert len(results.leads) == 3
    assert any(aspect.agreement.views_differ for aspect in results.aspects)
    assert sum(aspect.current.dont_know for aspect in results.aspects) > 0
    assert Answer.objects.filter(response__assessment=closed).exclude(comment="").count() == 10


def test_the_open_demo_assessment_has_invitations_in_every_state() -> None:
    call_command("load_demo")
    opened = Assessment.objects.get(organisation__name=ORGANISATION, state="open")
    statuses = {invitation.status for invitation in opened.invitations.all()}
    assert statuses == {"invited", "started", "submitted"}
    assert opened.invitations.filter(kind="email", token_hash=None).count() == 3


def test_the_demo_follow_up_shows_a_trend_its_actions_moving_and_the_benchmark() -> None:
    call_command("load_demo")
    first = Assessment.objects.get(organisation__name=ORGANISATION, previous=None, state="closed")
    second = first.follow_ups.get()
    report = build_report(second, "en")
    assert report.respondents == 22 and report.trend is not None
    assert [column.pk for column in report.trend.rounds] == [first.pk, second.pk]
    # The plan was made on the first round's leads; the done and started ones moved up.
    leads = [lead.aspect for lead in assessment_results(first, "en").leads]
    planned = Action.objects.filter(assessment=first).exclude(status="dropped")
    assert sorted(planned.values_list("aspect", flat=True)) == sorted(leads)
    moved = {m.status: m.change for m in report.trend.actions if m.change}
    assert moved["done"].direction == "up" and moved["in progress"].change > 0
    assert report.benchmark is not None and report.benchmark.organisations == PEERS


def test_the_demo_consultant_may_download_the_research_pool() -> None:
    call_command("load_demo")
    consultant = User.objects.get(email="consultant@example.org")
    assert consultant.has_perm("pool.export_pool")
    assert not User.objects.get(email="viewer@example.org").has_perm("pool.export_pool")


def test_the_printed_log_in_follows_the_port_make_run_serves_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORT", "8080")
    call_command("load_demo")
    assert "Log in at http://127.0.0.1:8080/accounts/login/" in capsys.readouterr().out


@pytest.fixture
def shipped_models(monkeypatch: pytest.MonkeyPatch) -> None:
    """The models the demo runs on with `make run`: the newest has partner wording."""
    monkeypatch.delenv("CAPABILITY_MODELS_DIR")


@pytest.mark.usefixtures("shipped_models")
def test_the_demo_follow_up_shows_how_partners_see_us_and_how_that_changed() -> None:
    call_command("load_demo")
    first = Assessment.objects.get(organisation__name=ORGANISATION, previous=None, state="closed")
    report = build_report(first.follow_ups.get(), "nl")
    section = report.partners
    assert section is not None and section.state == "closed" and section.view is not None
    view = section.view
    # 22 answered, of whom 2 only "don't know": they count nowhere, not as an organisation either.
    assert (view.respondents, view.organisations) == (20, 6)
    assert view.blind_spots and view.hidden_strengths
    by_organisation = view.by_organisation
    assert not by_organisation.suppressed
    assert [g.kind for g in by_organisation.groups].count("value") >= 2
    assert any(lead.by_partners or lead.partner_addition for lead in report.leads)
    # Since the first round's partner round the partners' view moved on some aspect.
    assert section.previous_title == first.title
    assert {row.direction for row in section.changes} >= {"up", "down"}
    assert section.comments
    earlier = build_report(first, "nl").partners
    assert earlier is not None and earlier.view is not None
    assert (earlier.view.respondents, earlier.view.organisations) == (15, 5)
