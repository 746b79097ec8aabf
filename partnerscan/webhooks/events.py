"""From the audit log to webhook events: which audit events become which webhook events, and
the JSON a receiver gets.

The audit log is the source: every workflow that opens or closes a round, changes a plan or
closes a health check records its event in the same transaction, so no workflow below knows
about webhooks. A webhook event's id is derived from the audit event's, so it is the same
however often the worker looks. Nothing here names a respondent, a count of answers or a
member: only the round, the action or the check and where the API has more.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import reverse

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.visible_results import counting_respondents
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.plans.models import Action
from partnerscan.scoring.options import MIN_RESPONDENTS
from partnerscan.webhooks.models import EventType

# Fixed for good: a webhook event's id must never change between versions.
NAMESPACE = uuid.UUID("6f0c1f43-5d0e-4b8e-9d55-3f2f8f3d7a10")

SOURCES: dict[str, tuple[str, ...]] = {
    Event.OPENED: (EventType.ASSESSMENT_OPENED,),
    Event.CLOSED: (EventType.ASSESSMENT_CLOSED, EventType.RESULTS_AVAILABLE),
    Event.ACTION_ADDED: (EventType.ACTION_CHANGED,),
    Event.ACTION_CHANGED: (EventType.ACTION_CHANGED,),
    Event.ACTION_DELETED: (EventType.ACTION_CHANGED,),
    Event.HEALTH_CHECK_CLOSED: (EventType.HEALTH_CHECK_COMPLETED,),
}
CHANGES = {
    Event.ACTION_ADDED: "added",
    Event.ACTION_CHANGED: "changed",
    Event.ACTION_DELETED: "deleted",
}


@dataclass(frozen=True)
class WebhookEvent:
    id: uuid.UUID
    type: str
    body: str


def event_id(audit_id: int, event_type: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"audit:{audit_id}:{event_type}")


def candidates(audit: AuditEvent) -> tuple[str, ...]:
    """The webhook event types an audit event may become (before checking it does)."""
    return SOURCES.get(audit.action, ())


def webhook_event(audit: AuditEvent, event_type: str) -> WebhookEvent | None:
    """The webhook event, or None when it did not happen after all (a round closed without
    results) or its round has been deleted since."""
    data = _data(audit, event_type)
    if data is None:
        return None
    found = event_id(audit.pk, event_type)
    payload = {
        "id": str(found),
        "type": event_type,
        "created": audit.created.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "organisation": {"id": audit.organisation_id},
        "data": data,
    }
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return WebhookEvent(found, event_type, body)


def _data(audit: AuditEvent, event_type: str) -> dict[str, Any] | None:
    if event_type == EventType.HEALTH_CHECK_COMPLETED:
        return _health_check(audit.params)
    assessment = audit.assessment
    if assessment is None:
        return None
    if event_type == EventType.RESULTS_AVAILABLE and not has_results(assessment):
        return None
    states: dict[str, str] = {
        EventType.ASSESSMENT_OPENED: Assessment.State.OPEN,
        EventType.ASSESSMENT_CLOSED: Assessment.State.CLOSED,
        EventType.RESULTS_AVAILABLE: Assessment.State.CLOSED,
    }
    state = states.get(event_type, assessment.state)
    data: dict[str, Any] = {"assessment": _assessment(assessment, str(state))}
    if event_type == EventType.ACTION_CHANGED:
        data["action"] = _action(audit)
    return data


def has_results(assessment: Assessment) -> bool:
    """A closed round has results when at least 3 respondents count (submitted with a numeric
    answer): the engine's floor, below which no page shows any figure."""
    return assessment.is_closed and counting_respondents(assessment) >= MIN_RESPONDENTS


def _site(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _assessment(assessment: Assessment, state: str) -> dict[str, Any]:
    api = f"/api/v1/assessments/{assessment.pk}/"
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "state": state,
        "links": {
            "page": _site(reverse("assessment", args=[assessment.pk])),
            "api": _site(api),
            "results": _site(api + "results/"),
            "plan": _site(api + "plan/"),
        },
    }


def _action(audit: AuditEvent) -> dict[str, Any]:
    params = audit.params
    status = params.get("status")
    if status is None and audit.action != Event.ACTION_DELETED:
        status = Action.objects.filter(pk=params.get("id")).values_list("status", flat=True).first()
    return {
        "id": params.get("id"),
        "aspect": params.get("aspect_id"),
        "change": CHANGES[Event(audit.action)],
        "fields": list(params.get("fields", [])),
        "status": status,
    }


def _health_check(params: dict[str, Any]) -> dict[str, Any]:
    partnership = params.get("id")
    return {
        "health_check": {"id": params.get("check")},
        "partnership": {
            "id": partnership,
            "name": params.get("name", ""),
            "links": {"page": _site(reverse("partnership", args=[partnership]))},
        },
    }
