"""The worker's periodic job (core/jobs.py): turn new audit events into deliveries, then send
what is due. Run by `partnerscan send_invitations --loop` with the other jobs."""

from __future__ import annotations

import datetime as dt

from partnerscan.webhooks import domain
from partnerscan.webhooks.sending import post

# Deliveries sent per run: with a 5-second timeout, a few dead receivers cannot hold up the
# worker's mail for long; the rest wait for the next run.
BATCH = 20


def run_webhooks(now: dt.datetime) -> str:
    domain.forget_old(now)
    queued = domain.queue_events(now)
    delivered = failed = 0
    for delivery in domain.due(now, BATCH):
        if not domain.claim(delivery, now):
            continue
        subscription = delivery.subscription
        outcome = post(
            subscription.url,
            subscription.secret,
            str(delivery.event_id),
            delivery.event_type,
            delivery.body,
        )
        domain.record_attempt(delivery, outcome, now)
        delivered, failed = (delivered + 1, failed) if outcome.ok else (delivered, failed + 1)
    if not (queued or delivered or failed):
        return ""
    return f"{queued} queued, {delivered} delivered, {failed} failed"
