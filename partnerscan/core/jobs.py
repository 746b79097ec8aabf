"""Periodic jobs the worker runs after sending the scans' mails (`send_invitations`).

The worker lives in `assessments`, below the apps that have periodic work of their own
(`portfolio`'s health-check rhythm); those register a job here in their AppConfig.ready(), so
the worker runs them without importing them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

# A job does what is due at `now` and says what it did in one line, or "" for nothing.
Job = Callable[[dt.datetime], str]

_JOBS: dict[str, Job] = {}
logger = logging.getLogger(__name__)


def register(name: str, job: Job) -> None:
    """Add `job` under `name`; registering a name again replaces it (ready() may run twice)."""
    _JOBS[name] = job


def run_all(now: dt.datetime) -> dict[str, str]:
    """Run every job once, in the order registered. A job that fails is logged and its
    summary says so; the others still run, and the worker's loop goes on."""
    summaries = {}
    for name, job in _JOBS.items():
        try:
            summaries[name] = job(now)
        except Exception as exc:  # noqa: BLE001 - one job's bug must not stop the worker
            logger.exception("periodic job %s failed", name)
            summaries[name] = f"failed: {type(exc).__name__}"
    return summaries
