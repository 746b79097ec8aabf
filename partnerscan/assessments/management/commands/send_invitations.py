"""Send the queued e-mail invitations and reminders of open assessments, then run the periodic
jobs other apps registered (core/jobs.py: the health-check rhythm); with --loop, keep doing so,
and delete expired invitations once an hour (see purge_expired).

A mail that fails is tried again after settings.MAIL_RETRY_MINUTES (1, 5, 30, 120, 720
minutes), then given up; a final refusal of the address is given up at once.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from partnerscan.assessments import domain, mailtexts
from partnerscan.assessments.imports import run_pending_imports
from partnerscan.assessments.links import respondent_url
from partnerscan.assessments.models import Invitation
from partnerscan.core import jobs

PURGE_EVERY = 3600.0  # seconds between two runs of the retention purge in --loop


def _mail(invitation: Invitation, kind: str, token: str | None) -> mailtexts.Mail:
    """The mail in the invitation's language, in the assessment's own words (mailtexts).

    Invitations to an external partner (group "external") get the external greeting.
    """
    return mailtexts.render(
        invitation.assessment,
        invitation.language,
        kind,
        respondent_url(token) if token else None,
        external=invitation.group == Invitation.Group.EXTERNAL,
    )


def invitation_mail(invitation: Invitation, token: str) -> tuple[str, str]:
    """Subject and body of the invitation."""
    mail = _mail(invitation, "invitation", token)
    return mail.subject, mail.body


def reminder_mail(invitation: Invitation, token: str | None) -> tuple[str, str]:
    """Subject and body of the reminder; without a token it asks to use the first link."""
    mail = _mail(invitation, "reminder", token)
    return mail.subject, mail.body


def _deliver(invitation: Invitation, mail: mailtexts.Mail) -> domain.SendFailure | None:
    """None when the mail went out, else why not."""
    try:
        send_mail(mail.subject, mail.body, mail.sender, [invitation.email])
    except Exception as exc:  # noqa: BLE001 - any SMTP or address error is this mail's failure
        return domain.failure_of(exc)
    return None


def send_one(invitation: Invitation) -> bool:
    """A fresh token, then the mail; a failure is recorded and stops only this invitation."""
    token = domain.issue_email_token(invitation)
    failed = _deliver(invitation, _mail(invitation, "invitation", token))
    domain.record_invitation_sent(invitation, failed)
    return failed is None


def remind_one(invitation: Invitation) -> bool:
    """A new link only for who has not started (domain.issue_reminder_token says why)."""
    token = domain.issue_reminder_token(invitation)
    failed = _deliver(invitation, _mail(invitation, "reminder", token))
    domain.record_reminder_sent(invitation, failed)
    return failed is None


def send_queued() -> tuple[int, int]:
    sent = failed = 0
    for invitation in domain.queued_email_invitations():
        if send_one(invitation):
            sent += 1
        else:
            failed += 1
    for invitation in domain.queued_reminders():
        if remind_one(invitation):
            sent += 1
        else:
            failed += 1
    return sent, failed


class Command(BaseCommand):
    help = "Send every queued e-mail invitation and reminder of open assessments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep sending until interrupted")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")

    def handle(self, *args: Any, loop: bool = False, interval: float = 5.0, **options: Any) -> None:
        last_purge = float("-inf")
        try:
            while True:
                sent, failed = send_queued()
                run_pending_imports()  # Responses CSV uploads (assessments/imports.py)
                if sent or failed or not loop:
                    self.stdout.write(f"send_invitations: {sent} sent, {failed} failed")
                self._run_jobs(quiet=loop)
                if not loop:
                    return
                if time.monotonic() - last_purge >= PURGE_EVERY:
                    self._purge()
                    last_purge = time.monotonic()
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("send_invitations: stopped")

    def _run_jobs(self, quiet: bool) -> None:
        """Each registered job's summary; in the loop only when it did something."""
        for name, summary in jobs.run_all(timezone.now()).items():
            if summary or not quiet:
                self.stdout.write(f"{name}: {summary or 'nothing to do'}")

    def _purge(self) -> None:
        deleted = domain.purge_expired()
        if deleted:
            self.stdout.write(f"purge_expired: {deleted} invitations deleted")
