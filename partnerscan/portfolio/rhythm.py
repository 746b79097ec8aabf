"""The health-check rhythm: the worker starts a partnership's check when one is due, mails a
link to each of its contacts, reminds once who has not submitted, and closes the check so its
results appear. Registered as a periodic job (core/jobs.py) in PortfolioConfig.ready().

When a check is due: the partnership has a check interval (`review_interval_months`, shown as
"Check interval") and at least one contact, has not ended and has no open check, and the
interval has passed since its last check started — or, never checked, since its start date; a
partnership without a start date and never checked is checked at once.

Every step looks at what is stored, not at what the last run did, so running the job twice
in a row sends nothing twice; `now` is passed in, so tests need no clock tricks.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from partnerscan.core.errors import DomainError
from partnerscan.portfolio import health, health_mail
from partnerscan.portfolio.models import (
    HealthCheck,
    HealthInvitation,
    Partnership,
    PartnershipContact,
)

REMIND_AFTER = dt.timedelta(days=7)
CLOSE_AFTER = dt.timedelta(days=21)


def run_rhythm(now: dt.datetime) -> str:
    """One pass of the rhythm; the worker prints the summary it returns."""
    closed = close_due_checks(now)
    started = start_due_checks(now)
    sent, failed = send_due_mails(now)
    if not (closed or started or sent or failed):
        return ""
    return f"{started} checks started, {sent} mails sent, {failed} failed, {closed} checks closed"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_check_on(partnership: Partnership, last_opened: dt.datetime | None) -> dt.date | None:
    """The day the next check is due; None without an interval, the earliest day at once."""
    months = partnership.review_interval_months
    if not months:
        return None
    if last_opened is not None:
        return add_months(timezone.localdate(last_opened), months)
    if partnership.started_on is not None:
        return add_months(partnership.started_on, months)
    return dt.date.min


def due_partnerships(now: dt.datetime) -> list[Partnership]:
    """Partnerships whose next check is due on `now`'s day: one query."""
    today = timezone.localdate(now)
    open_check = HealthCheck.objects.filter(
        partnership=OuterRef("pk"), state=HealthCheck.State.OPEN
    )
    candidates = (
        Partnership.objects.filter(review_interval_months__isnull=False)
        .exclude(phase=Partnership.Phase.ENDED)
        .filter(Exists(PartnershipContact.objects.filter(partnership=OuterRef("pk"))))
        .exclude(Exists(open_check))
        .annotate(last_opened=Max("health_checks__opened_at"))
        .select_related("organisation")
    )
    due: list[Partnership] = []
    for partnership in candidates:
        next_on = next_check_on(partnership, partnership.last_opened)
        if next_on is not None and next_on <= today:
            due.append(partnership)
    return due


@transaction.atomic
def start_scheduled_check(partnership: Partnership, now: dt.datetime) -> HealthCheck:
    """A check started by the system (audited without a user), closing after CLOSE_AFTER, with
    one link waiting to be mailed per contact, in the contact's side and language."""
    check = health.start_health_check(partnership, None)
    check.opened_at, check.closes_at = now, now + CLOSE_AFTER
    check.save(update_fields=["opened_at", "closes_at"])
    HealthInvitation.objects.bulk_create(
        HealthInvitation(
            health_check=check,
            contact=contact,
            side=contact.side,
            language=contact.language,
            email=contact.email,
        )
        for contact in partnership.contacts.all()
    )
    return check


def start_due_checks(now: dt.datetime) -> int:
    started = 0
    for partnership in due_partnerships(now):
        try:
            start_scheduled_check(partnership, now)
        except DomainError:  # no health model installed, or an editor started one meanwhile
            continue
        started += 1
    return started


def close_due_checks(now: dt.datetime) -> int:
    """Close the checks whose time is up; closing blanks their invitations' addresses."""
    due = HealthCheck.objects.filter(state=HealthCheck.State.OPEN, closes_at__lte=now)
    closed = 0
    for check in due:
        health.close_health_check(check, None)
        closed += 1
    return closed


def _mailable(now: dt.datetime) -> QuerySet[HealthInvitation]:
    """Mailed links of open checks that were never tried, or failed and are due a new try
    (a given-up mail has no next try)."""
    return (
        HealthInvitation.objects.filter(Q(send_error="") | Q(next_attempt_at__lte=now))
        .filter(health_check__state=HealthCheck.State.OPEN)
        .exclude(email="")
        .select_related("health_check__partnership__organisation", "contact")
        .order_by("pk")
    )


def send_due_mails(now: dt.datetime) -> tuple[int, int]:
    """The first mails, then the reminders of checks open for REMIND_AFTER to who has not
    submitted; each mail once (sent_at, reminded_at), a failure stops only that mail."""
    outcomes = [_send(invitation, "invitation", now) for invitation in _first_mails(now)]
    outcomes += [_send(invitation, "reminder", now) for invitation in _reminders(now)]
    return outcomes.count(True), outcomes.count(False)


def _first_mails(now: dt.datetime) -> list[HealthInvitation]:
    return list(_mailable(now).filter(sent_at__isnull=True))


def _reminders(now: dt.datetime) -> list[HealthInvitation]:
    return list(
        _mailable(now).filter(
            sent_at__isnull=False,
            reminded_at__isnull=True,
            submitted_on__isnull=True,
            health_check__opened_at__lte=now - REMIND_AFTER,
        )
    )


def _send(invitation: HealthInvitation, kind: str, now: dt.datetime) -> bool:
    # Who has started keeps their link: a new one would lose the answers they gave.
    fresh = kind == "invitation" or invitation.started_on is None
    token = health_mail.issue_token(invitation) if fresh else None
    failed = health_mail.deliver(invitation, kind, token)
    health_mail.record_attempt(invitation, kind, failed, now)
    return failed is None
