"""Run the queued Responses CSV imports; with --loop, keep doing so. `send_invitations --loop`
runs them too, so a deployment needs this only to give imports a process of their own."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from partnerscan.assessments.imports import BATCH, run_pending_imports


class Command(BaseCommand):
    help = "Run every queued Responses CSV import."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running until interrupted")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between rounds")
        parser.add_argument(
            "--batch", type=int, default=BATCH, help="respondents per write transaction"
        )

    def handle(
        self,
        *args: Any,
        loop: bool = False,
        interval: float = 2.0,
        batch: int = BATCH,
        **options: Any,
    ) -> None:
        try:
            while True:
                for job in run_pending_imports(batch):
                    self.stdout.write(
                        f"run_imports: job {job.pk} {job.state}, {job.rows_done} of "
                        f"{job.rows_total} rows, {len(job.errors)} problems"
                    )
                if not loop:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("run_imports: stopped")
