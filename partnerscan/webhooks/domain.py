"""The workflows of webhooks: an owner's subscriptions (make, pause or resume, new secret,
delete, send an event again), each atomic and audited; and the worker's (turn audit events into
deliveries, take a due delivery, note what an attempt brought).

Deliveries are unique per subscription and event id, so looking at the same audit events twice
makes nothing twice; a delivered one is sent again only when an owner asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Organisation, User
from partnerscan.audit.events import record
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.core.errors import DomainError
from partnerscan.webhooks import events, signing
from partnerscan.webhooks.addresses import check_url
from partnerscan.webhooks.models import Attempt, Delivery, EventType, Subscription
from partnerscan.webhooks.sending import Outcome

MAX_SUBSCRIPTIONS = 10  # per organisation
MAX_FAILURES = 8  # tries before a delivery is given up: about four hours with the back-off
FIRST_RETRY = dt.timedelta(minutes=1)  # then 2, 4, 8 … minutes
# A delivery being sent is not due again for this long (another worker leaves it alone).
LEASE = dt.timedelta(minutes=2)
# Finished deliveries (and their tries) are kept this long for the owners' log.
KEPT = dt.timedelta(days=90)
# Audit events are looked at again for this long after they were written: an event whose
# transaction committed after a later one's (whose id the cursor passed) is still found.
SETTLE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class IssuedSecret:
    """A subscription and its secret, which exists on the page only once."""

    subscription: Subscription
    secret: str


def _latest_audit_id() -> int:
    return AuditEvent.objects.aggregate(latest=Max("id"))["latest"] or 0


def _checked_events(chosen: Iterable[str]) -> list[str]:
    chosen = set(chosen)
    if not chosen or not chosen <= set(EventType.values):
        raise DomainError(_("Events: choose at least one of the events listed."))
    return [value for value in EventType.values if value in chosen]


def _record(kind: str, subscription: Subscription, by: User | None, **params: Any) -> None:
    # The host only: a receiver's path may itself hold a secret.
    host = urlsplit(subscription.url).hostname or ""
    record(
        kind,
        user=by,
        organisation=subscription.organisation,
        detail=f"webhook {subscription.pk} to {host}",
        code=str(kind),
        params={"id": subscription.pk, "host": host, **params},
    )


@transaction.atomic
def create_subscription(
    organisation: Organisation, by: User | None, url: str, chosen: Iterable[str]
) -> IssuedSecret:
    url = check_url(url)
    kinds = _checked_events(chosen)
    if organisation.webhook_subscriptions.count() >= MAX_SUBSCRIPTIONS:
        raise DomainError(
            _("URL: an organisation has at most %(n)d webhooks.") % {"n": MAX_SUBSCRIPTIONS}
        )
    latest = _latest_audit_id()
    secret = signing.new_secret()
    subscription = Subscription.objects.create(
        organisation=organisation, url=url, events=kinds, secret=secret, start=latest, cursor=latest
    )
    _record(Event.WEBHOOK_ADDED, subscription, by, events=kinds)
    return IssuedSecret(subscription, secret)


def _locked(subscription: Subscription) -> Subscription:
    found = Subscription.objects.select_for_update(of=("self",)).select_related("organisation")
    return found.get(pk=subscription.pk)


@transaction.atomic
def set_active(subscription: Subscription, by: User | None, active: bool) -> Subscription:
    """Pause or resume. A paused subscription sends nothing and records no new events; resumed,
    it starts from the events after that moment."""
    subscription = _locked(subscription)
    if subscription.active == active:
        return subscription
    subscription.active = active
    fields = ["active"]
    if active:
        subscription.start = subscription.cursor = _latest_audit_id()
        fields += ["start", "cursor"]
    subscription.save(update_fields=fields)
    _record(Event.WEBHOOK_CHANGED, subscription, by, active=active)
    return subscription


@transaction.atomic
def roll_secret(subscription: Subscription, by: User | None) -> IssuedSecret:
    """A new secret at once; the old one signs nothing more."""
    subscription = _locked(subscription)
    subscription.secret = signing.new_secret()
    subscription.save(update_fields=["secret"])
    _record(Event.WEBHOOK_SECRET_ROLLED, subscription, by)
    return IssuedSecret(subscription, subscription.secret)


@transaction.atomic
def delete_subscription(subscription: Subscription, by: User | None) -> None:
    subscription = _locked(subscription)
    _record(Event.WEBHOOK_DELETED, subscription, by)
    subscription.delete()


@transaction.atomic
def resend(delivery: Delivery, by: User | None, now: dt.datetime | None = None) -> Delivery:
    """Queue the same event (same id, same body) once more, whatever became of it: the
    receiver tells a repeat by its id."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.state = Delivery.State.PENDING
    delivery.failures = 0
    delivery.next_attempt_at = now or timezone.now()
    delivery.save(update_fields=["state", "failures", "next_attempt_at"])
    subscription = Subscription.objects.select_related("organisation").get(
        pk=delivery.subscription_id
    )
    _record(Event.WEBHOOK_RESENT, subscription, by, event=str(delivery.event_id))
    return delivery


# --- the worker -------------------------------------------------------------------------------


@transaction.atomic
def queue_events(now: dt.datetime) -> int:
    """Make the deliveries of the new audit events of every organisation with an active
    subscription, in one pass over the log; returns how many were made."""
    subscriptions = list(Subscription.objects.filter(active=True))
    if not subscriptions:
        return 0
    latest = _latest_audit_id()
    by_organisation: dict[int, list[Subscription]] = {}
    for subscription in subscriptions:
        by_organisation.setdefault(subscription.organisation_id, []).append(subscription)
    found = (
        AuditEvent.objects.filter(
            organisation_id__in=list(by_organisation),
            action__in=list(events.SOURCES),
            pk__lte=latest,
        )
        .filter(
            Q(pk__gt=min(s.cursor for s in subscriptions))
            | Q(pk__gt=min(s.start for s in subscriptions), created__gte=now - SETTLE)
        )
        .select_related("assessment")
        .order_by("pk")
    )
    wanted = [
        (subscription, audit, kind)
        for audit in found
        for kind in events.candidates(audit)
        for subscription in by_organisation[audit.organisation_id]
        if kind in subscription.events and _seen(subscription, audit, now)
    ]
    made = Delivery.objects.bulk_create(_deliveries(_missing(wanted), now), ignore_conflicts=True)
    # Every event up to `latest` of these organisations has now been looked at.
    Subscription.objects.filter(pk__in=[s.pk for s in subscriptions], cursor__lt=latest).update(
        cursor=latest
    )
    return len(made)


def _seen(subscription: Subscription, audit: AuditEvent, now: dt.datetime) -> bool:
    """Whether this subscription still has to look at `audit`: after its cursor, or a recent
    event after its start (one that committed late)."""
    recent = audit.pk > subscription.start and audit.created >= now - SETTLE
    return audit.pk > subscription.cursor or recent


Wanted = list[tuple[Subscription, AuditEvent, str]]


def _missing(wanted: Wanted) -> Wanted:
    """The wanted deliveries that do not exist yet (looked up in one query)."""
    existing = set(
        Delivery.objects.filter(
            subscription__in={s.pk for s, _a, _k in wanted},
            event_id__in=[events.event_id(a.pk, kind) for _s, a, kind in wanted],
        ).values_list("subscription_id", "event_id")
    )
    return [w for w in wanted if (w[0].pk, events.event_id(w[1].pk, w[2])) not in existing]


def _deliveries(wanted: Wanted, now: dt.datetime) -> list[Delivery]:
    built: dict[tuple[int, str], events.WebhookEvent | None] = {}
    made = []
    for subscription, audit, kind in wanted:
        if (audit.pk, kind) not in built:
            built[audit.pk, kind] = events.webhook_event(audit, kind)
        event = built[audit.pk, kind]
        if event is not None:
            made.append(
                Delivery(
                    subscription=subscription,
                    event_id=event.id,
                    event_type=kind,
                    body=event.body,
                    next_attempt_at=now,
                )
            )
    return made


def due(now: dt.datetime, limit: int) -> list[Delivery]:
    """Deliveries whose time has come, of active subscriptions, the longest waiting first."""
    return list(
        Delivery.objects.filter(
            state=Delivery.State.PENDING, next_attempt_at__lte=now, subscription__active=True
        )
        .select_related("subscription")
        .order_by("next_attempt_at", "pk")[:limit]
    )


def claim(delivery: Delivery, now: dt.datetime) -> bool:
    """Take a due delivery for one attempt: False when another worker took it first."""
    taken = Delivery.objects.filter(
        pk=delivery.pk, state=Delivery.State.PENDING, next_attempt_at=delivery.next_attempt_at
    ).update(next_attempt_at=now + LEASE)
    return taken == 1


def backoff(failures: int) -> dt.timedelta:
    """The wait after the `failures`-th failed try in a row: 1, 2, 4, 8 … minutes."""
    return FIRST_RETRY * (1 << (failures - 1))


@transaction.atomic
def record_attempt(delivery: Delivery, outcome: Outcome, now: dt.datetime) -> Delivery | None:
    """Note a try and what follows from it; None when the webhook was deleted meanwhile."""
    found = Delivery.objects.select_for_update().filter(pk=delivery.pk).first()
    if found is None:
        return None
    delivery = found
    Attempt.objects.create(
        delivery=delivery,
        at=now,
        status=outcome.status,
        error=outcome.error[:300],
        response=outcome.response[:500],
    )
    delivery.attempts += 1
    delivery.last_status = outcome.status
    delivery.last_error = outcome.error[:300]
    if outcome.ok:
        delivery.state = Delivery.State.DELIVERED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    else:
        delivery.failures += 1
        gave_up = delivery.failures >= MAX_FAILURES
        delivery.state = Delivery.State.FAILED if gave_up else Delivery.State.PENDING
        delivery.next_attempt_at = None if gave_up else now + backoff(delivery.failures)
    delivery.save(
        update_fields=[
            "attempts",
            "failures",
            "last_status",
            "last_error",
            "state",
            "delivered_at",
            "next_attempt_at",
        ]
    )
    return delivery


def forget_old(now: dt.datetime) -> int:
    """Delete deliveries finished more than KEPT ago, with their tries; returns how many."""
    old = Delivery.objects.filter(
        created__lt=now - KEPT, state__in=[Delivery.State.DELIVERED, Delivery.State.FAILED]
    )
    return old.delete()[1].get(Delivery._meta.label, 0)
