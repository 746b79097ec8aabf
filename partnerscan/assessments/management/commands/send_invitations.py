"""Send the queued e-mail invitations of open assessments; with --loop, keep doing so."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandParser
from django.template.loader import render_to_string
from django.utils import translation

from partnerscan.assessments import domain
from partnerscan.assessments.models import Invitation


def invitation_mail(invitation: Invitation, token: str) -> tuple[str, str]:
    """Subject and body in the invitation's language (one template per language)."""
    language = invitation.language if invitation.language in ("nl", "en") else "nl"
    with translation.override(language):  # dates in the body, e.g. the month name
        text = render_to_string(
            f"manage/email/invitation_{language}.txt",
            {
                "assessment": invitation.assessment,
                "organisation": invitation.assessment.organisation,
                "link": f"{settings.SITE_URL}/r/{token}/",
            },
        )
    subject, _newline, body = text.partition("\n")
    return subject.strip(), body.lstrip("\n")


def send_one(invitation: Invitation) -> bool:
    """A fresh token, then the mail; a failure is recorded and stops only this invitation."""
    token = domain.issue_email_token(invitation)
    subject, body = invitation_mail(invitation, token)
    try:
        send_mail(subject, body, None, [invitation.email])
    except Exception as exc:  # noqa: BLE001 - any SMTP or address error is this mail's failure
        domain.record_invitation_sent(invitation, error=f"{type(exc).__name__}: {exc}")
        return False
    domain.record_invitation_sent(invitation)
    return True


def send_queued() -> tuple[int, int]:
    sent = failed = 0
    for invitation in domain.queued_email_invitations():
        if send_one(invitation):
            sent += 1
        else:
            failed += 1
    return sent, failed


class Command(BaseCommand):
    help = "Send every queued e-mail invitation of open assessments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep sending until interrupted")
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")

    def handle(self, *args: Any, loop: bool = False, interval: float = 5.0, **options: Any) -> None:
        try:
            while True:
                sent, failed = send_queued()
                if sent or failed or not loop:
                    self.stdout.write(f"send_invitations: {sent} sent, {failed} failed")
                if not loop:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("send_invitations: stopped")
