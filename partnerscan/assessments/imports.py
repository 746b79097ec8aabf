"""Importing a Responses CSV in the worker: all or nothing, without stalling autosaves.

The request only stores the upload as an `ImportJob` (`queue_import`); the worker runs it
(`run_pending_imports`, called by `partnerscan send_invitations --loop` and by
`partnerscan run_imports`). A job goes through four steps:

1. **Check** the whole file before writing anything: the parser's format checks, the
   assessment's rules (a role from the model, a department of the assessment, group internal
   or external, the database's field lengths) and respondents imported before. Any problem:
   the job fails with every problem, each naming its row and column, and nothing is written.
2. **Write** the respondents in batches of `BATCH`, each batch in a short transaction of its
   own, as responses that are *not submitted* and carry the job (`Response.import_job`).
   Every count, result and export reads submitted responses only, so these count nowhere yet;
   no respondent can reach them either, as they have no key.
3. **Publish** in one short transaction: lock the assessment, make sure it is not closed and
   still has the departments the file uses, and submit all the job's responses with one
   UPDATE. They appear in results at once, together.
4. On any failure after writing began (a respondent label another import took meanwhile, the
   round closed, the worker stopped), **discard**: the job's responses are deleted, again in
   batches, and the job fails with the reason.

Why batches instead of one transaction: SQLite has one writer at a time, so one transaction
over 100,000 respondents (1.9 million answers) would hold every autosave for minutes. A batch
holds the write lock for a fraction of a second, and an autosave waits for at most the batch
in progress; between batches the worker leaves SQLite to the autosaves for at least as long
(`_make_way`). The rows are built before each transaction and inserted with one COPY or
executemany, so the transaction holds no Python work. On PostgreSQL, inserting new rows locks
nothing another transaction needs, so autosaves do not wait at all; the batches keep each
transaction and its memory small there too. The final UPDATE touches only the job's own rows.
bench/imports.py measures both (figures in bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import CharField, F, Model, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments import groupings
from partnerscan.assessments.domain.common import results_changed
from partnerscan.assessments.domain.importing import already_imported, imported_answers
from partnerscan.assessments.domain.interim import refresh_snapshot
from partnerscan.assessments.domain.responding import MAX_COMMENT
from partnerscan.assessments.models import Answer, Assessment, ImportJob, Response
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError
from partnerscan.scoring.records import GROUPINGS, RespondentRecord
from partnerscan.scoring.responses_csv import (
    ParsedResponses,
    ResponsesCSVError,
    Rules,
    parse_responses_csv,
)

BATCH = 250  # respondents per write transaction: about 5,000 answers of the 19-aspect model
SQLITE_GAP = 0.1  # least seconds between two batches on SQLite, for the autosaves waiting
MAX_IMPORT = 50 * 1024 * 1024  # 100,000 respondents of the 19-aspect model are about 13 MB
STALE_AFTER = dt.timedelta(minutes=15)  # a running job unchanged this long lost its worker

logger = logging.getLogger(__name__)


class ImportFailed(Exception):
    """The job cannot be imported; `problems` says why, each naming its row where it has one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# In the request ----------------------------------------------------------------------------


@transaction.atomic
def queue_import(
    assessment: Assessment, content: bytes, file_name: str = "", by: User | None = None
) -> ImportJob:
    """Store an upload for the worker, in the language active now; nothing is read yet."""
    if assessment.is_closed:
        raise DomainError(_("This assessment is closed."))
    language = translation.get_language() or ""
    return ImportJob.objects.create(
        assessment=assessment,
        content=content,
        file_name=file_name[:200],
        language="nl" if language.startswith("nl") else "en",
        created_by=by if by is not None and by.is_authenticated else None,
    )


# In the worker -----------------------------------------------------------------------------


def run_pending_imports(batch: int = BATCH) -> list[ImportJob]:
    """Run every queued job, oldest first, after failing the ones a stopped worker left."""
    fail_stale_jobs()
    ran = []
    while (job := _claim_next()) is not None:
        ran.append(run_job(job, batch))
    return ran


def _claim_next() -> ImportJob | None:
    """The oldest queued job, marked running; a second worker cannot claim the same one."""
    for pk in (
        ImportJob.objects.filter(state=ImportJob.State.QUEUED)
        .order_by("created", "id")[:5]
        .values_list("pk", flat=True)
    ):
        claimed = ImportJob.objects.filter(pk=pk, state=ImportJob.State.QUEUED).update(
            state=ImportJob.State.RUNNING, started_at=timezone.now(), updated=timezone.now()
        )
        if claimed:
            return ImportJob.objects.select_related("assessment").get(pk=pk)
    return None


def run_job(job: ImportJob, batch: int = BATCH) -> ImportJob:
    """Check, write and publish a claimed job; on any problem nothing of it remains."""
    with translation.override(job.language):
        try:
            started = time.monotonic()
            parsed = check(job)
            checked = time.monotonic()
            took = sorted(write(job, parsed, batch))
            written = time.monotonic()
            publish(job)
            logger.info(
                "import job %s: %d rows checked in %.1f s, written in %.1f s (%d transactions, "
                "median %.2f s, longest %.2f s), published in %.2f s",
                job.pk,
                len(parsed.respondents),
                checked - started,
                written - checked,
                len(took),
                took[len(took) // 2],
                took[-1],
                time.monotonic() - written,
            )
        except ImportFailed as failure:
            discard(job, failure.problems, batch)
        except Exception:
            # Whatever it was, the rows go and the worker goes on with its other work.
            logger.exception("import job %s failed", job.pk)
            discard(job, [_("The import failed unexpectedly; nothing was imported.")], batch)
    job.refresh_from_db()
    return job


def fail_stale_jobs(now: dt.datetime | None = None) -> int:
    """Fail and clean up running jobs that have not moved for STALE_AFTER (a stopped worker)."""
    limit = (now or timezone.now()) - STALE_AFTER
    stale = list(ImportJob.objects.filter(state=ImportJob.State.RUNNING, updated__lt=limit))
    for job in stale:
        with translation.override(job.language):
            discard(job, [_("The import stopped before it finished. Upload the file again.")])
    return len(stale)


def rules(assessment: Assessment) -> Rules:
    """What the assessment knows (groupings.accepted: the model's roles, its own departments —
    none defined: the column must stay empty —, the two groups, by value or by name in either
    language), and the lengths of the database's fields."""
    known = groupings.accepted(assessment)
    return Rules(
        allowed={name: known.values(name) for name in GROUPINGS},
        aliases={name: known.spellings(name) for name in GROUPINGS},
        max_length={
            name: _max_length(field)
            for name, field in (
                ("respondent", "label"),
                ("role", "role"),
                ("department", "department"),
                ("group", "group"),
            )
        }
        | {"comment": MAX_COMMENT},
    )


def check(job: ImportJob) -> ParsedResponses:
    """The whole file, parsed and checked against the assessment and what was imported
    before; ImportFailed lists every problem."""
    assessment = job.assessment
    if assessment.is_closed:
        raise ImportFailed([_("This assessment is closed.")])
    try:
        parsed = parse_responses_csv(
            assessment.capability_model, bytes(job.content), rules(assessment)
        )
    except ResponsesCSVError as exc:
        raise ImportFailed(exc.problems_in(job.language)) from None
    if not parsed.respondents:
        raise ImportFailed([_("The file has no respondents.")])
    clashes = already_imported(assessment, parsed)
    if clashes:
        raise ImportFailed(clashes)
    ImportJob.objects.filter(pk=job.pk).update(
        rows_total=len(parsed.respondents), updated=timezone.now()
    )
    return parsed


def write(job: ImportJob, parsed: ParsedResponses, batch: int = BATCH) -> list[float]:
    """The respondents in short transactions of `batch` each, not yet submitted; returns how
    long each transaction took (s)."""
    records, took = parsed.respondents, []
    for start in range(0, len(records), batch):
        held = write_batch(job, records[start : start + batch], parsed.rows[start : start + batch])
        took.append(held)
        if connection.vendor == "sqlite":
            _make_way(held)
    return took


def _make_way(held: float) -> None:
    """Between two batches on SQLite: leave the database to the autosaves for a while.

    A waiting autosave retries at most every 100 ms (SQLite's busy handler), so without a gap
    the next batch could take the write lock again before it retries; the gap is at least as
    long as the batch held the lock, so the import never has the database more than half the
    time. The worker also copies the write-ahead log into the database now (a checkpoint, which
    takes no write lock), so that an autosave's commit does not have to.
    """
    if not connection.in_atomic_block:  # SQLite refuses a checkpoint inside a transaction
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
    time.sleep(max(SQLITE_GAP, held))


def _max_length(name: str) -> int:
    field = Response._meta.get_field(name)
    assert isinstance(field, CharField) and field.max_length is not None  # the model's own
    return field.max_length


def write_batch(job: ImportJob, records: Sequence[RespondentRecord], rows: Sequence[int]) -> float:
    """One batch in one transaction; returns how long the transaction took (s). The rows are
    built first, so that the transaction (and on SQLite the database's write lock) lasts only
    as long as the inserts."""
    to_db = Response._meta.pk.get_db_prep_value
    ids = [to_db(uuid.uuid4(), connection) for _record in records]
    responses = _table_rows(
        Response,
        ["id", "assessment_id", "import_job_id", "imported", "submitted", "label"]
        + list(GROUPINGS),
        (
            (pk, job.assessment_id, job.pk, True, False, record.id)
            + (record.role or "", record.department or "", record.group or "")
            for pk, record in zip(ids, records, strict=True)
        ),
    )
    answers = _table_rows(
        Answer,
        ["response_id", "aspect", "current", "ambition", "comment"],
        (
            (pk, *answer)
            for pk, record in zip(ids, records, strict=True)
            for answer in imported_answers(record)
        ),
    )
    started = time.monotonic()
    try:
        with transaction.atomic():
            _insert(Response, *responses)
            _insert(Answer, *answers)
            ImportJob.objects.filter(pk=job.pk).update(
                rows_done=F("rows_done") + len(records), updated=timezone.now()
            )
    except IntegrityError:
        # Checked before writing, so another import took a label meanwhile; name which.
        labels = [record.id for record in records]
        taken = set(
            Response.objects.filter(assessment_id=job.assessment_id, label__in=labels)
            .exclude(import_job=job)
            .values_list("label", flat=True)
        )
        raise ImportFailed(
            [
                _("row %(row)d, column respondent: “%(label)s” has already been imported.")
                % {"row": row, "label": record.id}
                for row, record in zip(rows, records, strict=True)
                if record.id in taken
            ]
            or [_("The responses could not be stored; nothing was imported.")]
        ) from None
    return time.monotonic() - started


def _table_rows(
    model: type[Model], varying: list[str], values: Iterable[tuple[Any, ...]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Columns and rows for a raw insert: the `varying` fields (by attname) from `values`,
    which must already be database values, and every other field its model default, as
    bulk_create would store it. Building model instances instead costs more than the insert
    itself at 10,000 answers a batch. A primary key the database numbers is left out."""
    template = model()
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.attname in varying or not (f.primary_key and getattr(template, f.attname) is None)
    ]
    fixed = {
        f.attname: f.get_db_prep_save(getattr(template, f.attname), connection)
        for f in fields
        if f.attname not in varying
    }
    where = [varying.index(f.attname) if f.attname in varying else -1 for f in fields]
    defaults = [fixed.get(f.attname) for f in fields]
    rows = [
        tuple(row[i] if i >= 0 else default for i, default in zip(where, defaults, strict=True))
        for row in values
    ]
    return [str(f.column) for f in fields], rows  # a concrete field always has a column


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, one prepared INSERT for all rows on SQLite: the fastest way each
    database has, ten times quicker than bulk_create for 10,000 answers."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # psycopg's own cursor; wrapped so its errors become Django's (IntegrityError).
            copying = cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN")
            with connection.wrap_database_errors, copying as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608


@transaction.atomic
def publish(job: ImportJob) -> int:
    """Submit all the job's responses at once, unless the round closed or lost a department
    the file uses in the meantime."""
    assessment = Assessment.objects.select_for_update().get(pk=job.assessment_id)
    if assessment.is_closed:
        raise ImportFailed([_("The assessment was closed during the import.")])
    pending = Response.objects.filter(import_job=job, submitted=False)
    used = set(pending.exclude(department="").values_list("department", flat=True).distinct())
    gone = sorted(used - set(assessment.departments))
    if gone:
        raise ImportFailed(
            [
                _("The departments changed during the import; no longer known: %(names)s.")
                % {"names": ", ".join(gone)}
            ]
        )
    count = pending.update(submitted=True)
    results_changed(assessment)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.DONE, content=b"", finished_at=now, updated=now
    )
    record(
        Event.RESPONSES_IMPORTED,
        user=job.created_by,
        assessment=assessment,
        detail=f"{count} responses",
        code="imported",
        params={"n": count},
    )
    refresh_snapshot(assessment)
    return count


def discard(job: ImportJob, problems: list[str], batch: int = BATCH) -> None:
    """Delete what the job wrote, in short transactions, and fail it with its problems."""
    pending = Response.objects.filter(import_job=job, submitted=False)
    while ids := list(pending.values_list("pk", flat=True)[:batch]):
        started = time.monotonic()
        Response.objects.filter(pk__in=ids).delete()  # with their answers, in one transaction
        if connection.vendor == "sqlite":
            _make_way(time.monotonic() - started)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportJob.State.FAILED,
        errors=problems,
        rows_done=0,
        content=b"",
        finished_at=now,
        updated=now,
    )


def jobs_of(assessment: Assessment) -> QuerySet[ImportJob]:
    """The assessment's imports, newest first, without their files."""
    return assessment.import_jobs.defer("content", "errors")
