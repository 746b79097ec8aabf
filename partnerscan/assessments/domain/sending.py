"""The queue the worker sends from: invitation mails, their failures, and reminders."""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.domain.common import ensure_not_closed
from partnerscan.assessments.domain.invitations import issue_email_token
from partnerscan.assessments.models import Assessment, Invitation, MailFailure
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError


def _due(now: dt.datetime) -> Q:
    """Never tried, or failed and its next try has come (a given-up mail has no next try)."""
    return Q(send_error="") | Q(next_attempt_at__lte=now)


def queued_email_invitations(now: dt.datetime | None = None) -> list[Invitation]:
    """E-mail invitations of open assessments that were never sent and are due a try."""
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            _due(now or timezone.now()),
            kind=Invitation.Kind.EMAIL,
            assessment__state=Assessment.State.OPEN,
            sent_at__isnull=True,
        )
    )


@dataclass(frozen=True)
class SendFailure:
    """Why a mail did not go out; a permanent one is not tried again."""

    kind: str  # a MailFailure value
    detail: str
    permanent: bool = False


def failure_of(exc: Exception) -> SendFailure:
    """What kind of failure this is, and whether trying again later can help.

    A 5xx refusal of the recipient is final; a 4xx refusal, a lost connection or any other
    error may pass, so it is tried again by the back-off schedule.
    """
    detail = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in exc.recipients.values()]
        final = bool(codes) and all(code >= 500 for code in codes)
        return SendFailure(MailFailure.ADDRESS, detail, permanent=final)
    if isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500:
        return SendFailure(MailFailure.OTHER, detail, permanent=True)
    if isinstance(exc, (smtplib.SMTPException, OSError)):
        return SendFailure(MailFailure.SERVER, detail)
    return SendFailure(MailFailure.OTHER, detail)


class MailStatus(Protocol):
    """What a mailed link keeps of its sending: a scan's invitation and a health check's."""

    send_attempts: int
    send_error: str
    send_failure: str
    next_attempt_at: dt.datetime | None


def record_failure(
    item: MailStatus, failure: SendFailure, now: dt.datetime | None = None
) -> list[str]:
    """Count the failure and plan the next try by the back-off schedule, or give up; the
    fields set, for `update_fields`."""
    schedule = settings.MAIL_RETRY_MINUTES
    item.send_attempts += 1
    item.send_error = failure.detail[:300] or failure.kind
    item.send_failure = failure.kind
    retry = not failure.permanent and item.send_attempts <= len(schedule)
    item.next_attempt_at = (
        (now or timezone.now()) + dt.timedelta(minutes=schedule[item.send_attempts - 1])
        if retry
        else None
    )
    return ["send_attempts", "send_error", "send_failure", "next_attempt_at"]


def record_success(item: MailStatus) -> list[str]:
    """Clear the failures of an earlier try; the fields set, for `update_fields`."""
    item.send_attempts, item.next_attempt_at = 0, None
    item.send_error = item.send_failure = ""
    return ["send_attempts", "next_attempt_at", "send_error", "send_failure"]


def record_mail(
    item: MailStatus, sent_field: str, failure: SendFailure | None, now: dt.datetime
) -> list[str]:
    """After a try of a health check's or a partner's mail: the time it went out in
    `sent_field` ("sent_at", "reminded_at"), or the failure and the next try; the fields set."""
    if failure is not None:
        return record_failure(item, failure, now)
    setattr(item, sent_field, now)
    return [sent_field, *record_success(item)]


def try_send(message: EmailMessage) -> SendFailure | None:
    """Send one mail: None when it went out, else why not; never raises."""
    try:
        message.send()
    except Exception as exc:  # noqa: BLE001 - any SMTP or address error is this mail's failure
        return failure_of(exc)
    return None


def record_invitation_sent(
    invitation: Invitation, failure: SendFailure | None = None
) -> Invitation:
    """After a send attempt: the time it went out, or the failure and when to try again."""
    with transaction.atomic():
        if failure is not None:
            fields = record_failure(invitation, failure)
        else:
            invitation.sent_at = timezone.now()
            fields = ["sent_at", *record_success(invitation)]
        invitation.save(update_fields=fields)
        return invitation


@dataclass(frozen=True)
class SendProblems:
    """What the invitations page says about mails that did not go out: counts, no names."""

    retrying: int
    given_up: dict[str, int]  # MailFailure label -> how many


def send_problems(assessment: Assessment) -> SendProblems:
    failed = assessment.invitations.filter(kind=Invitation.Kind.EMAIL).exclude(send_error="")
    retrying = failed.filter(next_attempt_at__isnull=False).count()
    kinds = (
        failed.filter(next_attempt_at__isnull=True)
        .values_list("send_failure")
        .annotate(n=Count("id"))
        .order_by("send_failure")
    )
    labels = dict(MailFailure.choices)
    given_up = {str(labels.get(kind, labels["other"])): n for kind, n in kinds}
    return SendProblems(retrying, given_up)


def remindable(assessment: Assessment) -> QuerySet[Invitation]:
    """E-mail invitations that went out and were not submitted (nor refused by the server)."""
    return assessment.invitations.filter(
        kind=Invitation.Kind.EMAIL,
        sent_at__isnull=False,
        submitted_on__isnull=True,
        send_error="",
    )


def queue_reminders(assessment: Assessment, by: User | None = None) -> int:
    """Mark every remindable invitation; the worker sends the reminders in the background."""
    with transaction.atomic():
        ensure_not_closed(assessment)
        if not assessment.is_open:
            raise DomainError(_("Reminders can be sent once the assessment is open."))
        count = remindable(assessment).update(reminder_due=True)
        record(
            Event.REMINDERS_QUEUED,
            user=by,
            assessment=assessment,
            detail=f"{count} reminders",
            code="reminders",
            params={"n": count},
        )
        return count


def queued_reminders(now: dt.datetime | None = None) -> list[Invitation]:
    return list(
        Invitation.objects.select_related("assessment__organisation").filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now or timezone.now()),
            kind=Invitation.Kind.EMAIL,
            reminder_due=True,
            assessment__state=Assessment.State.OPEN,
            submitted_on__isnull=True,
        )
    )


def issue_reminder_token(invitation: Invitation) -> str | None:
    """A fresh token for a reminder, or None when the respondent has already started.

    Only the token's hashes are stored, so the worker cannot put the first link in a
    reminder. A new token for someone who never started costs nothing. Someone who started
    has a response keyed by their old token, which a new token would orphan for good, so
    they keep their link and the reminder points them to the first e-mail instead.
    """
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.started_on is not None or locked.submitted_on is not None:
            return None
        return issue_email_token(locked)


def record_reminder_sent(invitation: Invitation, failure: SendFailure | None = None) -> Invitation:
    """After a reminder attempt: sent, to be tried again later, or given up (then the
    invitations page counts it)."""
    with transaction.atomic():
        if failure is not None:
            fields = record_failure(invitation, failure)
            invitation.reminder_due = invitation.next_attempt_at is not None
        else:
            invitation.reminded_at = timezone.now()
            fields = ["reminded_at", *record_success(invitation)]
            invitation.reminder_due = False
        invitation.save(update_fields=[*fields, "reminder_due"])
        return invitation
