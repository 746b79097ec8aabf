"""Big exports made by the worker, with their progress (issue 19: big files from the worker).

A round's responses file above `EXPORT_IN_REQUEST_MAX` counting respondents is not made in the
request: the owner asks for it (a POST), the worker makes it from the very same table as the
download would (`export_files.export_table`), notes how many rows it has written as it goes,
and keeps the file in DATA_DIR/exports/ for `KEEP`. Only the member who asked downloads it, and
only while they may still export that round (`export_views.py`). Any responses file can be asked
for this way; a small one is also downloaded at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError
from partnerscan.core.files import CONTENT_TYPES, csv_lines, write_sav, write_xlsx
from partnerscan.reports.export_files import export_table
from partnerscan.reports.models import ExportJob
from partnerscan.scoring.options import MIN_RESPONDENTS

KEEP = dt.timedelta(hours=24)  # how long a made file stays for its download
STUCK = dt.timedelta(hours=1)  # a job "being made" this long lost its worker: made again
PROGRESS_EVERY = 500  # rows between two notes of the progress
KINDS = ("responses",)
logger = logging.getLogger(__name__)


def counting(assessment: Assessment) -> int:
    return int(assessment.responses.counting().count())


def made_by_the_worker(assessment: Assessment, kind: str) -> bool:
    """Whether this export of a closed round is too large to make in a request (an open
    round's rows are refused anyway, and its count is not needed for that)."""
    return (
        kind in KINDS
        and assessment.is_closed
        and counting(assessment) > settings.EXPORT_IN_REQUEST_MAX
    )


def request_export(
    assessment: Assessment, user: User, kind: str, fmt: str, lang: str, now: dt.datetime
) -> ExportJob:
    """Queue the file, or hand back the same request's job while it is waiting, being made or
    ready (a double click makes one file)."""
    if kind not in KINDS or fmt not in CONTENT_TYPES:
        raise DomainError(_("This export cannot be made in the background."))
    rows = counting(assessment) if assessment.is_closed else 0
    if rows < MIN_RESPONDENTS:
        raise DomainError(
            _("The responses can be exported once the round is closed, from 3 respondents.")
        )
    with transaction.atomic():
        same = ExportJob.objects.select_for_update().filter(
            assessment=assessment, user=user, kind=kind, fmt=fmt, lang=lang, expires_at__gt=now
        )
        found = same.exclude(state=ExportJob.State.FAILED).order_by("-created").first()
        if found is not None:
            return found
        return ExportJob.objects.create(
            assessment=assessment,
            user=user,
            kind=kind,
            fmt=fmt,
            lang=lang,
            rows_total=rows,
            expires_at=now + KEEP,
        )


def path_of(job: ExportJob) -> Path:
    return Path(settings.DATA_DIR) / "exports" / job.file_name


def run(now: dt.datetime) -> str:
    """The worker's job: forget what has expired, then make the oldest waiting file."""
    purged = purge(now)
    job = _claim(now)
    if job is None:
        return f"deleted {purged} old export(s)" if purged else ""
    try:
        make(job, now)
    except Exception:  # noqa: BLE001 - a failed file must not stop the worker; the page says so
        logger.exception("export %s failed", job.pk)
        ExportJob.objects.filter(pk=job.pk).update(state=ExportJob.State.FAILED, finished=now)
        return f"export {job.kind}.{job.fmt} of round {job.assessment_id} failed"
    return f"made {job.kind}.{job.fmt} of round {job.assessment_id}"


def _claim(now: dt.datetime) -> ExportJob | None:
    """The oldest waiting job, taken by one worker only (a conditional update)."""
    ExportJob.objects.filter(state=ExportJob.State.RUNNING, created__lt=now - STUCK).update(
        state=ExportJob.State.QUEUED
    )
    for job in ExportJob.objects.filter(state=ExportJob.State.QUEUED).order_by("created")[:5]:
        claimed = ExportJob.objects.filter(pk=job.pk, state=ExportJob.State.QUEUED).update(
            state=ExportJob.State.RUNNING, rows_done=0
        )
        if claimed:
            job.state = ExportJob.State.RUNNING
            return job
    return None


def make(job: ExportJob, now: dt.datetime) -> None:
    """Write the file from the same table as the download, noting the rows as it goes."""
    assessment = Assessment.objects.get(pk=job.assessment_id)
    with override(job.lang):
        table = export_table(assessment, job.kind, job.lang)
        if table is None:
            raise DomainError("no longer exportable")
        table = replace(table, rows=_noted(job, table.rows))
        folder = Path(settings.DATA_DIR) / "exports"
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{job.pk}.{job.fmt}"
        path = folder / name
        if job.fmt == "csv":
            with path.open("w", encoding="utf-8", newline="") as out:
                out.writelines(csv_lines(table))
        elif job.fmt == "xlsx":
            with path.open("wb") as out:
                write_xlsx(table, out)
        else:
            write_sav(table, str(path), _("don't know"), (_("no"), _("yes")))
    ExportJob.objects.filter(pk=job.pk).update(
        state=ExportJob.State.DONE,
        file_name=name,
        size=path.stat().st_size,
        finished=max(now, timezone.now()),
    )


def _noted(job: ExportJob, rows: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


def purge(now: dt.datetime) -> int:
    """Delete expired jobs and their files; the count of jobs deleted."""
    expired = list(ExportJob.objects.filter(expires_at__lte=now))
    for job in expired:
        if job.file_name:
            path_of(job).unlink(missing_ok=True)
    ExportJob.objects.filter(pk__in=[job.pk for job in expired]).delete()
    return len(expired)
