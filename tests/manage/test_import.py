"""Importing a Responses CSV: the upload becomes a job the worker runs, all or nothing, every
problem named by row and column."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.imports import run_pending_imports
from partnerscan.assessments.models import Answer, Assessment, ImportJob, Response

pytestmark = pytest.mark.django_db

HEADER = "respondent,role,department,group,STR_GOALS_current,STR_GOALS_ambition,STR_GOALS_comment"
ASPECTS = "STR_THEMES_current,STR_THEMES_ambition,STR_SELECT_current,STR_SELECT_ambition,"
ASPECTS += "CUL_LEAD_current,CUL_LEAD_ambition,CUL_LEARN_current,CUL_LEARN_ambition"
GOOD = "\n".join(
    [
        f"{HEADER},{ASPECTS}",
        "p1,staff,Policy,internal,2,4,Too slow,3,4,2,3,3,4,2,3",
        "p2,board,,,dk,5,,3,3,,,4,4,3,3",
        "p3,staff,Operations,external,1,3,,2,2,2,2,2,3,1,2",
    ]
)


def upload(client: Client, assessment: Assessment, text: str | bytes) -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    csv_file = SimpleUploadedFile("responses.csv", data)
    return client.post(f"/assessments/{assessment.pk}/import/", {"file": csv_file})


def imported(client: Client, assessment: Assessment, text: str | bytes) -> ImportJob:
    """Upload, let the worker run the job, and return it as it ended."""
    upload(client, assessment, text)
    (job,) = run_pending_imports()
    return job


def test_a_good_file_creates_submitted_imported_responses(
    as_alice: Client, assessment_a: Assessment
) -> None:
    response = upload(as_alice, assessment_a, GOOD)
    job = ImportJob.objects.get()
    assert response.headers["Location"] == f"/assessments/{assessment_a.pk}/import/{job.pk}/"
    assert not Response.objects.exists()  # the request only stores the file

    run_pending_imports()

    rows = sorted(
        Response.objects.values_list(
            "label", "role", "department", "group", "submitted", "imported"
        )
    )
    assert rows == [
        ("p1", "staff", "Policy", "internal", True, True),
        ("p2", "board", "", "", True, True),
        ("p3", "staff", "Operations", "external", True, True),
    ]
    goals = sorted(
        Answer.objects.filter(aspect="goals").values_list(
            "response__label", "current", "ambition", "comment"
        )
    )
    assert goals == [("p1", 2, 4, "Too slow"), ("p2", 9, 5, ""), ("p3", 1, 3, "")]
    assert not Answer.objects.filter(response__label="p2", aspect="selection").exists()
    results = as_alice.get(f"/assessments/{assessment_a.pk}/dashboard/").content.decode()
    assert '<strong class="big">3</strong>' in results  # respondents


def test_a_file_with_errors_shows_every_error_and_imports_nothing(
    as_alice: Client, assessment_a: Assessment
) -> None:
    bad = GOOD.replace("p2,board,,,dk,5", "p2,board,,,6,5").replace(
        "p3,staff,Operations,external,1,3", "p1,staff,Operations,external,1,x"
    )
    job = imported(as_alice, assessment_a, bad)

    assert (job.state, job.errors) == (
        "failed",
        [
            "row 3, column STR_GOALS_current: '6' is not 1-5, dk or empty",
            "row 4, column STR_GOALS_ambition: 'x' is not 1-5, dk or empty",
            "row 4, column respondent: duplicate respondent 'p1' (also row 2)",
        ],
    )
    html = as_alice.get(f"/assessments/{assessment_a.pk}/import/{job.pk}/").content.decode()
    assert "Nothing was imported: 3 problems" in html
    assert "row 3, column STR_GOALS_current" in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_wrong_header_is_refused_at_the_upload_naming_each_column(
    as_alice: Client, assessment_a: Assessment
) -> None:
    response = upload(as_alice, assessment_a, GOOD.replace("STR_GOALS_comment", "Remarks"))

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["row 1, column Remarks: unknown column"]}
    assert not ImportJob.objects.exists()


def test_a_respondent_imported_before_is_an_error_naming_the_row(
    as_alice: Client, assessment_a: Assessment
) -> None:
    imported(as_alice, assessment_a, GOOD)
    second = f"{HEADER},{ASPECTS}\nq1,staff,,,2,3,,,,,,,,,\n\np2,staff,,,2,3,,,,,,,,,\n"

    job = imported(as_alice, assessment_a, second)

    assert job.errors == ["row 4, column respondent: “p2” has already been imported."]
    assert Response.objects.count() == 3


def test_a_closed_assessment_refuses_an_import(as_alice: Client, assessment_a: Assessment) -> None:
    domain.close_assessment(assessment_a)
    response = upload(as_alice, assessment_a, GOOD)
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["This assessment is closed."]
    assert not ImportJob.objects.exists() and not Response.objects.exists()
