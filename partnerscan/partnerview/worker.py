"""What the worker does for partner rounds, as a periodic job (core/jobs.py, registered in
PartnerviewConfig.ready()): close the rounds whose closing time has come, send the queued
mails and reminders, and forget the links of rounds closed long ago.

Every step looks at what is stored, not at what the last run did, so running the job twice in
a row sends nothing twice; `now` is passed in, so tests need no clock tricks.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from partnerscan.assessments.models import DEFAULT_RETENTION_DAYS
from partnerscan.partnerview import domain, mail
from partnerscan.partnerview.models import PartnerInvitation, PartnerRound

# A closed round's links say "closed" this long, then lead nowhere, as a scan's links after its
# retention period (docs/privacy.md, "How long").
FORGET_LINKS_AFTER = dt.timedelta(days=DEFAULT_RETENTION_DAYS)


def run_partner_rounds(now: dt.datetime) -> str:
    """One pass; the worker prints the summary it returns ("" when nothing was done)."""
    closed = close_due_rounds(now)
    sent, failed = send_due_mails(now)
    forget_links(now)
    if not (closed or sent or failed):
        return ""
    return f"{sent} mails sent, {failed} failed, {closed} rounds closed"


def close_due_rounds(now: dt.datetime) -> int:
    due = PartnerRound.objects.filter(state=PartnerRound.State.OPEN, closes_at__lte=now)
    for partner_round in due:
        domain.close_partner_round(partner_round, None)
    return len(due)


def _mailable(now: dt.datetime) -> QuerySet[PartnerInvitation]:
    """Invitations of open rounds never tried, or failed and due a new try (a given-up mail
    has no next try)."""
    return (
        PartnerInvitation.objects.filter(Q(send_error="") | Q(next_attempt_at__lte=now))
        .filter(round__state=PartnerRound.State.OPEN)
        .exclude(email="")
        .select_related("round__assessment__organisation")
        .order_by("pk")
    )


def send_due_mails(now: dt.datetime) -> tuple[int, int]:
    """The first mails, then the reminders editors queued for who has not submitted; a
    failure stops only that mail."""
    first = list(_mailable(now).filter(sent_at__isnull=True))
    reminders = list(
        _mailable(now).filter(sent_at__isnull=False, reminder_due=True, submitted_on__isnull=True)
    )
    outcomes = [_send(invitation, mail.INVITATION, now) for invitation in first]
    outcomes += [_send(invitation, mail.REMINDER, now) for invitation in reminders]
    return outcomes.count(True), outcomes.count(False)


def _send(invitation: PartnerInvitation, kind: str, now: dt.datetime) -> bool:
    token = mail.issue_token(invitation)
    failed = mail.deliver(invitation, kind, token)
    mail.record_attempt(invitation, kind, failed, now)
    return failed is None


def forget_links(now: dt.datetime) -> int:
    """Blank the link hashes of rounds closed longer than FORGET_LINKS_AFTER ago."""
    old = PartnerInvitation.objects.filter(
        round__state=PartnerRound.State.CLOSED,
        round__closed_at__lte=now - FORGET_LINKS_AFTER,
        token_hash__isnull=False,
    )
    return old.update(token_hash=None)
