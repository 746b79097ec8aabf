"""Delete the invitations (and e-mail addresses) of rounds closed longer than their retention
period. The worker (`send_invitations --loop`) runs this once an hour; run it from cron or a
systemd timer when no worker runs."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from partnerscan.assessments import domain


class Command(BaseCommand):
    help = "Delete invitations and e-mail addresses whose retention period has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = domain.purge_expired()
        self.stdout.write(f"purge_expired: {deleted} invitations deleted")
