"""Deleting personal data: a round's invitations (after its retention period or on request)
and one respondent's answers (at their request)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.models import Assessment, Invitation, ReplacedLink, Response
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError


def blank_invitations(assessment: Assessment, by: User | None, action: str) -> int:
    """Blank every address, link and group of the round's invitations; keep the rows' kind and
    their started and submitted days, so the counts and the response rate stay (docs/privacy.md,
    "How long"). Returns how many invitations lost their address or link."""
    holding = assessment.invitations.filter(
        ~Q(email="") | Q(token_hash__isnull=False) | ~Q(role="") | ~Q(department="")
    )
    ReplacedLink.objects.filter(invitation__assessment=assessment).delete()
    count = holding.update(
        email="",
        token_hash=None,
        role="",
        department="",
        group="",
        send_error="",
        send_failure="",
        reminder_due=False,
        next_attempt_at=None,
    )
    if count:
        record(
            action,
            user=by,
            assessment=assessment,
            detail=f"{count} invitations",
            code="addresses_deleted",
            params={"n": count},
        )
    return count


def delete_invitations(assessment: Assessment, by: User | None = None) -> int:
    """Delete the e-mail addresses and links of a closed round's invitations now (the counts
    stay)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if not assessment.is_closed:
            raise DomainError(_("Invitations can be deleted once the assessment is closed."))
        return blank_invitations(assessment, by, Event.INVITATIONS_DELETED)


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the invitations' addresses and links of every round closed longer ago than its
    retention period (the counts stay)."""
    now = now or timezone.now()
    holding = Invitation.objects.filter(~Q(email="") | Q(token_hash__isnull=False))
    closed = Assessment.objects.filter(
        state=Assessment.State.CLOSED, pk__in=holding.values("assessment")
    )
    deleted = 0
    for assessment in closed.select_related("organisation"):
        if assessment.purge_after and assessment.purge_after <= now:
            with transaction.atomic():
                deleted += blank_invitations(assessment, None, Event.RETENTION_PURGED)
    return deleted


@dataclass(frozen=True)
class Erasure:
    response: bool
    invitation: bool


def erase_response(assessment: Assessment, token: str, by: User | None = None) -> Erasure:
    """Delete a respondent's answers (and their invitation) at their request.

    The respondent proves which answers are theirs with their link. Only the token leads to
    the response, and only while the round is open: closing deletes the response keys, after
    which nobody can find one person's answers, by design.
    """
    with transaction.atomic():
        response = Response.objects.filter(
            assessment=assessment, key_hash=tokens.response_hash(token)
        ).first()
        invitation = assessment.invitations.filter(token_hash=tokens.invitation_hash(token))
        erasure = Erasure(response is not None, invitation.exists())
        if response is not None:
            _erase_from_snapshots(assessment, response)
            response.delete()  # its answers go with it (CASCADE)
            results_changed(assessment)
        invitation.delete()
        if erasure.response or erasure.invitation:
            record(Event.RESPONSE_ERASED, user=by, assessment=assessment)
        return erasure


def _erase_from_snapshots(assessment: Assessment, response: Response) -> None:
    """An erased respondent's frozen row goes too; the snapshot shows one respondent fewer."""
    for snapshot in assessment.snapshots.all():
        if snapshot.rows.pop(str(response.pk), None) is not None:
            snapshot.counting_respondents = len(snapshot.rows)
            snapshot.live_respondents -= 0 if response.imported else 1
            fields = ["rows", "counting_respondents", "live_respondents"]
            snapshot.save(update_fields=fields)
