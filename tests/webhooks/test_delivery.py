"""Webhooks from the audit log to a real local receiver: signed, retried with a growing wait
after a failure, delivered exactly once, idempotent by event id."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain as assessments
from partnerscan.plans import domain as plans
from partnerscan.portfolio import domain as portfolio
from partnerscan.portfolio import health
from partnerscan.webhooks import domain
from partnerscan.webhooks.models import Delivery, EventType, Subscription
from partnerscan.webhooks.sending import Outcome
from partnerscan.webhooks.worker import run_webhooks

from .conftest import Receiver, closed_round

pytestmark = pytest.mark.django_db

MINUTE = dt.timedelta(minutes=1)


def documented_verifier() -> Callable[..., bool]:
    """The verifier docs/api.md shows receivers, run as it is written there."""
    text = (Path(__file__).parents[2] / "docs" / "api.md").read_text()
    code = re.search(r"```python\n(def verify_signature.*?|import hashlib.*?)```", text, re.S)
    assert code is not None
    names: dict[str, Any] = {}
    exec(code.group(1), names)  # noqa: S102 - our own documentation
    verify: Callable[..., bool] = names["verify_signature"]
    return verify


def subscribe(organisation: Organisation, by: User, url: str, *kinds: str) -> domain.IssuedSecret:
    return domain.create_subscription(organisation, by, url, kinds or EventType.values)


def bodies(receiver: Receiver) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in receiver.received]


def test_a_failing_receiver_gets_the_event_once_after_retries_with_growing_waits(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED)
    assessment = assessments.create_assessment(org_a, alice, title="Round 1", min_group=3)
    assessments.open_assessment(assessment, by=alice)
    receiver.answers = [500, 500]
    now = timezone.now()
    summaries, waits = [], []
    for _try in range(3):
        summaries.append(run_webhooks(now))
        delivery = Delivery.objects.get()
        if delivery.next_attempt_at is not None:
            waits.append(delivery.next_attempt_at - now)
            assert run_webhooks(delivery.next_attempt_at - dt.timedelta(seconds=1)) == ""
            now = delivery.next_attempt_at
    assert summaries == [
        "1 queued, 0 delivered, 1 failed",
        "0 queued, 0 delivered, 1 failed",
        "0 queued, 1 delivered, 0 failed",
    ]
    assert waits == [MINUTE, 2 * MINUTE]
    assert receiver.given == [500, 500, 200]
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 3, 200)
    assert [(t.status, t.response) for t in delivery.tries.all()] == [
        (500, "something broke"),
        (500, "something broke"),
        (200, "thanks"),
    ]
    # The same event each time: one id, one body; and never again once delivered.
    assert {r.headers["Partnerscan-Event-Id"] for r in receiver.received} == {
        str(delivery.event_id)
    }
    assert len({r.body for r in receiver.received}) == 1
    assert run_webhooks(now + 60 * MINUTE) == ""
    assert run_webhooks(now + 600 * MINUTE) == ""
    assert len(receiver.received) == 3


def test_the_documented_verifier_accepts_what_is_sent_and_nothing_else(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    issued = subscribe(org_a, alice, receiver.url)
    assessment = assessments.create_assessment(org_a, alice, title="Round 1", min_group=3)
    assessments.open_assessment(assessment, by=alice)
    run_webhooks(timezone.now())
    (got,) = receiver.received
    verify = documented_verifier()
    header = got.headers["Partnerscan-Signature"]
    assert verify(issued.secret, header, got.body)
    assert not verify(issued.secret, header, got.body.replace(b"Round 1", b"Round 2"))
    assert not verify("whsec_another", header, got.body)
    assert not verify(issued.secret, "t=1,v1=00", got.body)
    old = int(time.time()) - 301
    stale = domain.signing.signature(issued.secret, old, got.body)
    assert not verify(issued.secret, stale, got.body)
    assert verify(issued.secret, stale, got.body, tolerance=400)
    assert got.headers["Content-Type"] == "application/json; charset=utf-8"
    assert got.headers["Partnerscan-Event-Type"] == "assessment.opened"


def test_running_the_worker_twice_makes_and_sends_nothing_twice(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url)
    closed_round(org_a, alice, 3, "Round 1")
    now = timezone.now()
    assert run_webhooks(now) == "3 queued, 3 delivered, 0 failed"
    assert domain.queue_events(now) == 0
    assert run_webhooks(now) == ""
    assert run_webhooks(now + 5 * MINUTE) == ""
    assert Delivery.objects.count() == 3
    assert len(receiver.received) == 3
    types = [b["type"] for b in bodies(receiver)]
    assert types == ["assessment.opened", "assessment.closed", "results.available"]
    assert len({b["id"] for b in bodies(receiver)}) == 3


def test_events_carry_the_round_and_links_and_nothing_about_respondents(
    org_a: Organisation, alice: User, receiver: Receiver, settings: Any
) -> None:
    settings.SITE_URL = "https://scan.example.org"
    subscribe(org_a, alice, receiver.url, EventType.RESULTS_AVAILABLE)
    assessment = closed_round(org_a, alice, 3, "Round 1")
    run_webhooks(timezone.now())
    (body,) = bodies(receiver)
    delivery = Delivery.objects.get()
    api = f"https://scan.example.org/api/v1/assessments/{assessment.pk}/"
    assert body == {
        "id": str(delivery.event_id),
        "type": "results.available",
        "created": body["created"],
        "organisation": {"id": org_a.pk},
        "data": {
            "assessment": {
                "id": assessment.pk,
                "title": "Round 1",
                "state": "closed",
                "links": {
                    "page": f"https://scan.example.org/assessments/{assessment.pk}/",
                    "api": api,
                    "results": api + "results/",
                    "plan": api + "plan/",
                },
            }
        },
    }
    assert dt.datetime.fromisoformat(body["created"]).tzinfo is not None
    text = receiver.received[0].body.decode()
    assert "@" not in text
    assert not any(str(r.pk) in text for r in assessment.responses.all())


def test_a_round_closed_below_three_respondents_has_no_results_event(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url)
    closed_round(org_a, alice, 2, "Small round")
    run_webhooks(timezone.now())
    assert [b["type"] for b in bodies(receiver)] == ["assessment.opened", "assessment.closed"]


def test_plan_and_health_check_events(org_a: Organisation, alice: User, receiver: Receiver) -> None:
    subscribe(
        org_a, alice, receiver.url, EventType.ACTION_CHANGED, EventType.HEALTH_CHECK_COMPLETED
    )
    assessment = assessments.create_assessment(org_a, alice, title="Round 1", min_group=3)
    action = plans.create_action(
        assessment, alice, aspect="goals", description="Agree goals", owner="Kim"
    )
    action_id = action.pk
    plans.update_action(action, alice, status="done")
    plans.delete_action(action, alice)
    partner = portfolio.create_partner(org_a, alice, name="Care Group")
    partnership = portfolio.create_partnership(
        org_a, alice, name="Care chain", challenge_type="chain", goal="Care", partners=[partner]
    )
    check = health.start_health_check(partnership, alice)
    health.close_health_check(check, alice)
    run_webhooks(timezone.now())
    data = [b["data"] for b in bodies(receiver)]
    assert [d.get("action") for d in data] == [
        {"id": action_id, "aspect": "goals", "change": "added", "fields": [], "status": None},
        {
            "id": action_id,
            "aspect": "goals",
            "change": "changed",
            "fields": ["status"],
            "status": "done",
        },
        {"id": action_id, "aspect": "goals", "change": "deleted", "fields": [], "status": None},
        None,
    ]
    assert data[3]["health_check"] == {"id": check.pk}
    assert data[3]["partnership"]["id"] == partnership.pk


def test_a_subscription_gets_only_its_events_of_its_own_organisation(
    org_a: Organisation, org_b: Organisation, alice: User, charlie: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_CLOSED)
    closed_round(org_b, charlie, 3, "Round of B")
    closed_round(org_a, alice, 3, "Round of A")
    run_webhooks(timezone.now())
    assert [(b["type"], b["data"]["assessment"]["title"]) for b in bodies(receiver)] == [
        ("assessment.closed", "Round of A")
    ]


def test_events_before_the_subscription_or_while_paused_are_not_sent(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    closed_round(org_a, alice, 3, "Before")
    subscription = subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_CLOSED).subscription
    domain.set_active(subscription, alice, False)
    closed_round(org_a, alice, 3, "While paused")
    run_webhooks(timezone.now())
    domain.set_active(subscription, alice, True)
    closed_round(org_a, alice, 3, "After")
    run_webhooks(timezone.now())
    assert [b["data"]["assessment"]["title"] for b in bodies(receiver)] == ["After"]


def test_resend_sends_the_same_event_again_and_a_dead_receiver_is_given_up(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED)
    assessment = assessments.create_assessment(org_a, alice, title="Round 1", min_group=3)
    assessments.open_assessment(assessment, by=alice)
    now = timezone.now()
    run_webhooks(now)
    delivery = Delivery.objects.get()
    domain.resend(delivery, alice, now)
    receiver.answers = [503] * domain.MAX_FAILURES
    for _try in range(domain.MAX_FAILURES):
        run_webhooks(now)
        delivery.refresh_from_db()
        now = delivery.next_attempt_at or now
    assert (delivery.state, delivery.attempts, delivery.failures) == ("failed", 9, 8)
    assert run_webhooks(now + 1000 * MINUTE) == ""
    assert len({r.headers["Partnerscan-Event-Id"] for r in receiver.received}) == 1
    assert len(receiver.received) == 9


def test_a_redirect_is_not_followed_and_counts_as_failed(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED)
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Round 1", min_group=3), by=alice
    )
    receiver.answers = [302]
    assert run_webhooks(timezone.now()) == "1 queued, 0 delivered, 1 failed"
    assert Delivery.objects.get().last_status == 302
    assert len(receiver.received) == 1


def test_event_ids_are_stable_uuids_of_the_audit_event(org_a: Organisation, alice: User) -> None:
    from partnerscan.webhooks.events import event_id

    assert event_id(7, "assessment.closed") == event_id(7, "assessment.closed")
    assert event_id(7, "assessment.closed") != event_id(7, "results.available")
    assert isinstance(event_id(8, "assessment.closed"), uuid.UUID)
    assert Subscription.objects.count() == 0


def test_the_worker_command_runs_the_webhooks_job(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED)
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Round 1", min_group=3), by=alice
    )
    out = io.StringIO()
    call_command("send_invitations", stdout=out)
    assert "webhooks: 1 queued, 1 delivered, 0 failed" in out.getvalue()
    assert len(receiver.received) == 1


def test_an_attempt_on_a_webhook_deleted_meanwhile_is_dropped(
    org_a: Organisation, alice: User
) -> None:
    subscription = subscribe(org_a, alice, "http://127.0.0.1:9/", EventType.ASSESSMENT_OPENED)
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Round 1", min_group=3), by=alice
    )
    domain.queue_events(timezone.now())
    delivery = Delivery.objects.get()
    domain.delete_subscription(subscription.subscription, alice)
    assert domain.record_attempt(delivery, Outcome(status=200), timezone.now()) is None


def test_an_event_that_committed_after_a_later_one_is_still_sent(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    """Ids are handed out before commit: the cursor may pass an id whose transaction commits
    later. Such an event is still found while it is recent (domain.SETTLE)."""
    subscription = subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED).subscription
    assessments.open_assessment(
        assessments.create_assessment(org_a, alice, title="Late", min_group=3), by=alice
    )
    Subscription.objects.filter(pk=subscription.pk).update(cursor=10**9)
    now = timezone.now()
    assert domain.queue_events(now + domain.SETTLE + MINUTE) == 0
    assert domain.queue_events(now) == 1


def test_the_worker_looks_at_every_organisation_in_the_same_number_of_queries(
    django_user_model: Any, receiver: Receiver
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from partnerscan.accounts import domain as accounts_domain

    counts = []
    for n in (1, 4):
        for i in range(n):
            owner = django_user_model.objects.create_user(f"o{n}-{i}@example.org", "x")
            organisation = accounts_domain.create_organisation(owner, f"Org {n}-{i}")
            subscribe(organisation, owner, receiver.url, EventType.ASSESSMENT_OPENED)
            round_ = assessments.create_assessment(organisation, owner, title="R", min_group=3)
            assessments.open_assessment(round_, by=owner)
        with CaptureQueriesContext(connection) as captured:
            assert domain.queue_events(timezone.now()) == n
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_finished_deliveries_are_forgotten_after_ninety_days(
    org_a: Organisation, alice: User, receiver: Receiver
) -> None:
    subscribe(org_a, alice, receiver.url, EventType.ASSESSMENT_OPENED)
    for title in ("Delivered", "Waiting"):
        assessments.open_assessment(
            assessments.create_assessment(org_a, alice, title=title, min_group=3), by=alice
        )
    receiver.answers = [200, 500]
    now = timezone.now()
    run_webhooks(now)
    assert domain.forget_old(now + domain.KEPT - MINUTE) == 0
    assert domain.forget_old(now + domain.KEPT + MINUTE) == 1
    (left,) = Delivery.objects.all()
    assert (left.state, left.tries.count()) == ("pending", 1)
