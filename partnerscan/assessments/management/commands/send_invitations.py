"""Send the queued e-mail invitations and reminders of open assessments; with --loop, keep
doing so, and delete expired invitations once an hour (see purge_expired)."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.template.loader import render_to_string
from django.utils import translation

from partnerscan.assessments import domain
from partnerscan.assessments.imports import run_pending_imports
from partnerscan.assessments.models import Invitation

PURGE_EVERY = 3600.0  # seconds between two runs of the retention purge in --loop


def _mail(invitation: Invitation, kind: str, token: str | None) -> tuple[str, str]:
    """Subject and body in the invitation's language (one template per kind and language)."""
    language = invitation.language if invitation.language in ("nl", "en") else "nl"
    with translation.override(language):  # dates in the body, e.g. the month name
        text = render_to_string(
            f"manage/email/{kind}_{language}.txt",
            {
                "assessment": invitation.assessment,
                "organisation": invitation.assessment.organisation,
                "link": f"{settings.SITE_URL}/r/{token}/" if token else "",
            },
        )
    subject, _newline, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def invitation_mail(invitation: Invitation, token: str) -> tuple[str, str]:
    return _mail(invitation, "invitation", token)


def reminder_mail(invitation: Invitation, token: str | None) -> tuple[str, str]:
    return _mail(invitation, "reminder", token)


def _deliver(invitation: Invitation, subject: str, body: str) -> str:
    """'' when the mail went out, else why not."""
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as exc:  # noqa: BLE001 - any SMTP or address error is this mail's failure
        return f"{type(exc).__name__}: {exc}"
    return ""


def send_one(invitation: Invitation) -> bool:
    """A fresh token, then the mail; a failure is recorded and stops only this invitation."""
    token = domain.issue_email_token(invitation)
    error = _deliver(invitation, *invitation_mail(invitation, token))
    domain.record_invitation_sent(invitation, error=error)
    return not error


def remind_one(invitation: Invitation) -> bool:
    """A new link only for who has not started (domain.issue_reminder_token says why)."""
    token = domain.issue_reminder_token(invitation)
    error = _deliver(invitation, *reminder_mail(invitation, token))
    domain.record_reminder_sent(invitation, error=error)
    return not error


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
                if not loop:
                    return
                if time.monotonic() - last_purge >= PURGE_EVERY:
                    self._purge()
                    last_purge = time.monotonic()
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("send_invitations: stopped")

    def _purge(self) -> None:
        deleted = domain.purge_expired()
        if deleted:
            self.stdout.write(f"purge_expired: {deleted} invitations deleted")
