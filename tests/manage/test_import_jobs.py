"""Import jobs: the worker runs them, all or nothing, with only values the assessment knows,
and a respondent's autosave never waits for an import batch on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone, translation

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain, imports
from partnerscan.assessments import visible_results as results
from partnerscan.assessments.models import Answer, Assessment, ImportJob, Response
from partnerscan.audit.models import AuditEvent
from partnerscan.reports.exports import responses_table
from partnerscan.scoring.responses_csv import ResponsesCSVError, decode

HEADER = "respondent,role,department,group,STR_GOALS_current,STR_GOALS_ambition,STR_GOALS_comment"
HEADER += ",STR_THEMES_current,STR_THEMES_ambition,STR_SELECT_current,STR_SELECT_ambition"
HEADER += ",CUL_LEAD_current,CUL_LEAD_ambition,CUL_LEARN_current,CUL_LEARN_ambition"


def csv_of(*rows: str) -> bytes:
    """A file of rows that give the first aspect and leave the other four blank."""
    return "\n".join([HEADER, *(row + ",,,,,,,," for row in rows)]).encode("utf-8")


GOOD = csv_of("p1,staff,Policy,internal,2,4,Too slow", "p2,board,,,dk,5,", "p3,,,external,1,3,")


def upload(client: Client, assessment: Assessment, data: bytes) -> object:
    csv_file = SimpleUploadedFile("paper.csv", data)
    return client.post(f"/assessments/{assessment.pk}/import/", {"file": csv_file})


def queued(assessment: Assessment, data: bytes) -> ImportJob:
    job = imports.queue_import(assessment, data, "paper.csv")
    return ImportJob.objects.select_related("assessment").get(pk=job.pk)


def labels() -> list[tuple[str, bool]]:
    return sorted(Response.objects.values_list("label", "submitted"))


@pytest.mark.django_db
def test_the_job_page_polls_until_the_worker_has_run_then_shows_the_result(
    as_alice: Client, assessment_a: Assessment
) -> None:
    page_url = upload(as_alice, assessment_a, GOOD).headers["Location"]  # type: ignore[attr-defined]
    waiting = as_alice.get(page_url)
    fragment = as_alice.get(page_url, headers={"HX-Request": "true"})

    call_command("send_invitations")  # the worker that `make run` starts
    done = as_alice.get(page_url)
    done_fragment = as_alice.get(page_url, headers={"HX-Request": "true"}).content.decode()

    assert "Waiting for the worker" in waiting.content.decode()
    assert 'hx-trigger="every 2s"' in waiting.content.decode()
    assert f'<a href="{page_url}">Refresh this page</a>' in waiting.content.decode()
    assert "no-store" in waiting.headers["Cache-Control"]
    assert fragment.content.decode().startswith('<div id="import-status"')
    assert "<html" not in fragment.content.decode()
    assert "Imported: 3 responses." in done.content.decode()
    assert "hx-trigger" not in done_fragment and "Imported: 3 responses." in done_fragment
    assert labels() == [("p1", True), ("p2", True), ("p3", True)]
    assert Response.objects.counting().count() == 3
    job = ImportJob.objects.get()
    assert (job.state, job.rows_total, job.rows_done, job.errors, bytes(job.content)) == (
        "done",
        3,
        3,
        [],
        b"",  # the file is not kept once imported
    )
    event = AuditEvent.objects.get(action="responses_imported")
    assert (event.user, event.assessment, event.detail) == (
        job.created_by,
        assessment_a,
        "3 responses",
    )


@pytest.mark.django_db
def test_an_error_on_the_last_row_imports_nothing(assessment_a: Assessment) -> None:
    rows = [f"p{i},staff,Policy,internal,3,4," for i in range(1, 600)] + ["last,boss,,,3,4,"]
    queued(assessment_a, csv_of(*rows))

    (job,) = imports.run_pending_imports(batch=100)

    assert (job.state, job.errors, job.rows_done) == (
        "failed",
        ["row 601, column role: 'boss' is not one of: board, staff"],
        0,
    )
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_a_label_another_import_took_while_writing_leaves_nothing_of_this_one(
    assessment_a: Assessment,
) -> None:
    first = queued(assessment_a, csv_of("q3,staff,,,3,3,"))
    second = queued(assessment_a, csv_of("q1,staff,,,2,2,", "q2,staff,,,2,2,", "q3,board,,,1,1,"))
    checked_first, checked_second = imports.check(first), imports.check(second)
    imports.write(first, checked_first)
    imports.publish(first)

    with pytest.raises(imports.ImportFailed) as failure:
        imports.write(second, checked_second, batch=1)
    written_before_the_clash = Response.objects.filter(import_job=second).count()
    imports.discard(second, failure.value.problems)

    second.refresh_from_db()
    assert written_before_the_clash == 2
    assert (second.state, second.errors) == (
        "failed",
        ["row 4, column respondent: “q3” has already been imported."],
    )
    assert labels() == [("q3", True)]
    assert Answer.objects.count() == 1


@pytest.mark.django_db
def test_unknown_values_long_fields_and_nul_bytes_are_errors_naming_row_and_column(
    as_alice: Client, assessment_a: Assessment
) -> None:
    data = csv_of(
        "p1,chief,Policy,internal,1,2,",
        "p2,staff,Sales,internal,1,2,",
        "p3,staff,Policy,partner,1,2,",
        f"{'x' * 101},staff,,,1,2,",
        f"p5,staff,,,1,2,{'y' * 4001}",
        "p6,staff,Pol\x00icy,,1,2,",
        "p7,\x00,,,1,2,",
        "p8,staff,,,1,2,fine",
    )
    upload(as_alice, assessment_a, data)

    (job,) = imports.run_pending_imports()

    assert job.errors == [
        "row 2, column role: 'chief' is not one of: board, staff",
        "row 3, column department: 'Sales' is not one of: Operations, Policy",
        "row 4, column group: 'partner' is not one of: external, internal",
        "row 5, column respondent: 101 characters, at most 100 allowed",
        "row 6, column STR_GOALS_comment: 4001 characters, at most 4000 allowed",
        "row 7, column department: contains a NUL character",
        "row 8, column role: contains a NUL character",
    ]
    assert not Response.objects.exists()
    page = as_alice.get(f"/assessments/{assessment_a.pk}/import/{job.pk}/").content.decode()
    assert "Nothing was imported: 7 problems" in page


@pytest.mark.django_db
def test_an_assessment_without_departments_takes_only_an_empty_department(
    org_a: Organisation, alice: User
) -> None:
    assessment = domain.create_assessment(org_a, alice, title="No departments", departments=[])
    queued(assessment, csv_of("p1,staff,Policy,,1,2,", "p2,staff,,,1,2,"))

    (job,) = imports.run_pending_imports()

    assert job.errors == ["row 2, column department: 'Policy' is not allowed here; leave it empty"]


@pytest.mark.django_db
def test_a_file_that_is_not_text_is_refused_at_the_upload_naming_the_row(
    as_alice: Client, assessment_a: Assessment
) -> None:
    data = HEADER.encode() + b"\np1,staff,Caf\x81,,1,2,,,,,,,,,"  # 0x81: neither UTF-8 nor cp1252
    with pytest.raises(ResponsesCSVError) as parser:
        decode(data)

    page = upload(as_alice, assessment_a, data)

    assert parser.value.problems[0].startswith("row 2: ")
    assert page.context["form"].errors == {"file": parser.value.problems}  # type: ignore[attr-defined]
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
def test_an_import_being_written_counts_nowhere_until_it_is_published(
    assessment_a: Assessment,
) -> None:
    job = queued(assessment_a, GOOD)
    imports.write(job, imports.check(job), batch=2)

    def counted() -> tuple[int, int, int, int, int]:
        rounds = results.with_counts(Assessment.objects.filter(pk=assessment_a.pk))
        matrix = results.matrices([assessment_a])[assessment_a.pk]
        table = responses_table(assessment_a, "en", 3)
        return (
            Response.objects.counting().count(),
            results.invitation_counts(assessment_a)["imported"],
            rounds.get().submitted,  # type: ignore[attr-defined]
            matrix.current.shape[0],
            len(list(table.rows)),
        )

    while_writing = counted()
    imports.publish(job)

    assert while_writing == (0, 0, 0, 0, 0)
    assert counted() == (3, 3, 3, 3, 3)


@pytest.mark.django_db
def test_a_round_closed_during_the_import_imports_nothing(assessment_a: Assessment) -> None:
    job = queued(assessment_a, GOOD)
    imports.write(job, imports.check(job))
    domain.close_assessment(assessment_a)

    with pytest.raises(imports.ImportFailed) as failure:
        imports.publish(job)
    imports.discard(job, failure.value.problems)

    job.refresh_from_db()
    assert (job.state, job.errors) == ("failed", ["The assessment was closed during the import."])
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_a_job_left_running_by_a_stopped_worker_fails_and_its_rows_go(
    assessment_a: Assessment,
) -> None:
    job = queued(assessment_a, GOOD)
    ImportJob.objects.filter(pk=job.pk).update(state="running")
    imports.write(job, imports.check(job), batch=2)

    kept_while_fresh = imports.fail_stale_jobs()
    failed = imports.fail_stale_jobs(timezone.now() + imports.STALE_AFTER + dt.timedelta(1))

    job.refresh_from_db()
    assert (kept_while_fresh, failed, job.state) == (0, 1, "failed")
    assert job.errors == ["The import stopped before it finished. Upload the file again."]
    assert not Response.objects.exists() and not Answer.objects.exists()


@pytest.mark.django_db
def test_the_job_page_is_for_the_own_organisations_editors_only(
    as_alice: Client,
    as_bob: Client,
    as_charlie: Client,
    org_b: Organisation,
    charlie: User,
    assessment_a: Assessment,
) -> None:
    job = queued(assessment_a, GOOD)
    other = domain.create_assessment(org_b, charlie, title="Round B")
    url = f"/assessments/{assessment_a.pk}/import/{job.pk}/"

    assert as_charlie.get(url).status_code == 404
    assert as_charlie.get(url, headers={"HX-Request": "true"}).status_code == 404
    assert as_charlie.get(f"/assessments/{other.pk}/import/{job.pk}/").status_code == 404
    assert as_bob.get(url).status_code == 403  # a viewer of org A
    assert as_alice.get(url).status_code == 200


@pytest.mark.skipif(
    not connection.features.has_select_for_update_of,
    reason="SQLite has one writer: an autosave waits for the batch (bench/imports.py)",
)
@pytest.mark.django_db(transaction=True)
def test_an_autosave_commits_while_an_import_batch_transaction_is_open(
    assessment_a: Assessment,
) -> None:
    assessment = domain.open_assessment(assessment_a)
    token = domain.create_links(assessment, 1)[0]
    invitation = domain.find_invitation(token)
    assert invitation is not None
    respondent = domain.start_response(invitation, token)
    job = queued(assessment, GOOD)
    checked = imports.check(job)
    saved = threading.Event()

    def autosave() -> None:
        try:
            response = domain.find_response(token)
            assert response is not None
            domain.save_answer(response, "goals", "current", "4")
            saved.set()
        finally:
            connection.close()

    with transaction.atomic():
        imports.write_batch(job, checked.respondents, checked.rows)
        thread = threading.Thread(target=autosave)
        thread.start()
        committed_meanwhile = saved.wait(timeout=60)  # a deadline for failing, not a timing
        seen_inside = list(Answer.objects.filter(response=respondent).values_list("current"))
        batch_open = connection.in_atomic_block
    thread.join()

    assert (committed_meanwhile, batch_open, seen_inside) == (True, True, [(4,)])
    assert Response.objects.filter(import_job=job, submitted=False).count() == 3


@pytest.mark.django_db
def test_the_worker_writes_the_problems_in_the_uploaders_language(
    assessment_a: Assessment,
) -> None:
    queued(assessment_a, GOOD)
    imports.run_pending_imports()
    with translation.override("nl"):
        queued(assessment_a, csv_of("p1,staff,,,1,2,"))

    (job,) = imports.run_pending_imports()

    assert (job.language, job.errors) == (
        "nl",
        ["rij 2, kolom respondent: “p1” is al eerder geïmporteerd."],
    )
