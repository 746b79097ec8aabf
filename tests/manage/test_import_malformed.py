"""A malformed CSV uploaded for import is refused with the row and column, never read partly;
a file from Dutch Excel (semicolons, Windows-1252) is read as it is."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment, ImportJob, Response

pytestmark = pytest.mark.django_db

HEADER = ";".join(
    ["respondent", "role", "department"]
    + [
        f"{code}_{part}"
        for code in ("STR_GOALS", "STR_THEMES", "STR_SELECT", "CUL_LEAD", "CUL_LEARN")
        for part in ("current", "ambition")
    ]
)


def upload(client: Client, assessment: Assessment, data: bytes) -> ImportJob:
    """Upload the file and let the worker run the import job it becomes."""
    csv_file = SimpleUploadedFile("responses.csv", data)
    client.post(f"/assessments/{assessment.pk}/import/", {"file": csv_file})
    call_command("send_invitations")  # the worker that `make run` starts
    return ImportJob.objects.get(assessment=assessment)


def test_a_short_row_is_refused_and_nothing_is_imported(
    as_alice: Client, assessment_a: Assessment
) -> None:
    domain.update_assessment(assessment_a, departments=["Beleid"])
    text = "\n".join([HEADER, "p1;staff;Beleid;2;4;3;4;2;3;3;4;2;3", "p2;staff;Beleid;2;4;3;4"])
    job = upload(as_alice, assessment_a, text.encode("utf-8"))
    assert (job.state, job.errors) == (
        ImportJob.State.FAILED,
        [
            "row 3, column STR_SELECT_current: the row ends after 7 of the header's 13 cells "
            "(missing: STR_SELECT_current, STR_SELECT_ambition, CUL_LEAD_current, "
            "CUL_LEAD_ambition, CUL_LEARN_current, CUL_LEARN_ambition)"
        ],
    )
    assert not Response.objects.exists()


def test_a_windows_1252_file_from_dutch_excel_is_imported(
    as_alice: Client, assessment_a: Assessment
) -> None:
    domain.update_assessment(assessment_a, departments=["Financiën", "Café €"])
    text = "\r\n".join(
        [
            "sep=;",
            HEADER,
            "p1;staff;Financiën;2;4;3;4;2;3;3;4;2;3",
            "p2;staff;Café €;2;4;3;4;2;3;3;4;2;3",
            "p3;staff;Financiën;2;4;3;4;2;3;3;4;2;3",
        ]
    )
    upload(as_alice, assessment_a, text.encode("cp1252"))
    assert sorted(Response.objects.values_list("label", "department")) == [
        ("p1", "Financiën"),
        ("p2", "Café €"),
        ("p3", "Financiën"),
    ]
