"""Webhook subscriptions of an organisation and the deliveries of their events.

A subscription is an owner's HTTPS address with the events it wants and the secret that signs
them. The worker turns the organisation's audit events into webhook events (events.py) and
makes one Delivery per subscription and event, which it sends until the receiver answers 2xx
or it gives up; each try is an Attempt. docs/api.md ("Webhooks") describes what a receiver sees.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from partnerscan.accounts.models import Organisation


class EventType(models.TextChoices):
    """The events a subscription may choose: none says anything about one respondent."""

    ASSESSMENT_OPENED = "assessment.opened", _("an assessment opened")
    ASSESSMENT_CLOSED = "assessment.closed", _("an assessment closed")
    RESULTS_AVAILABLE = "results.available", _("results available")
    ACTION_CHANGED = "action.changed", _("an action of a plan added, changed or deleted")
    HEALTH_CHECK_COMPLETED = "health_check.completed", _("a health check completed")


class Subscription(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="webhook_subscriptions"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Kept as it is: signing needs it. It is shown only when made or rolled.
    secret = models.CharField(max_length=80)
    active = models.BooleanField(_("active"), default=True)
    # The audit events up to this id were turned into deliveries (or came before the
    # subscription, or while it was paused); `start` is the id it began after.
    start = models.BigIntegerField(default=0)
    cursor = models.BigIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("given up")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    body = models.TextField()  # the signed JSON, kept so a retry or a resend sends the same
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    # Failed tries since it was queued or resent: what the back-off and giving up count.
    failures = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="one_delivery_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"


class Attempt(models.Model):
    """One POST of a delivery and what came back (the first characters of the answer)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="tries")
    at = models.DateTimeField()
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    response = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.status or self.error}"

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300
