"""Importing a Responses CSV: all or nothing, every problem named by row and column."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from partnerscan.assessments import domain
from partnerscan.assessments.models import Answer, Assessment, Response

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


def upload(client: Client, assessment: Assessment, text: str) -> object:
    csv_file = SimpleUploadedFile("responses.csv", text.encode("utf-8"))
    return client.post(f"/assessments/{assessment.pk}/import/", {"file": csv_file})


def test_a_good_file_creates_submitted_imported_responses(
    as_alice: Client, assessment_a: Assessment
) -> None:
    response = upload(as_alice, assessment_a, GOOD)
    assert response.headers["Location"] == f"/assessments/{assessment_a.pk}/"
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
    response = upload(as_alice, assessment_a, bad.replace("STR_GOALS_comment", "Remarks"))
    assert response.status_code == 200
    assert response.context["problems"] == [
        "row 1, column Remarks: unknown column",
        "row 3, column STR_GOALS_current: '6' is not 1-5, dk or empty",
        "row 4, column STR_GOALS_ambition: 'x' is not 1-5, dk or empty",
        "row 4, column respondent: duplicate respondent 'p1' (also row 2)",
    ]
    html = response.content.decode()
    assert "Nothing was imported: 4 problems" in html
    assert "row 3, column STR_GOALS_current" in html
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_a_respondent_imported_before_is_an_error_naming_the_row(
    as_alice: Client, assessment_a: Assessment
) -> None:
    upload(as_alice, assessment_a, GOOD)
    second = f"{HEADER},{ASPECTS}\nq1,staff,,,2,3,,,,,,,,,\np2,staff,,,2,3,,,,,,,,,\n"
    response = upload(as_alice, assessment_a, second)
    assert response.context["problems"] == [
        "row 3, column respondent: “p2” has already been imported."
    ]
    assert Response.objects.count() == 3


def test_a_closed_assessment_refuses_an_import(as_alice: Client, assessment_a: Assessment) -> None:
    domain.close_assessment(assessment_a)
    response = upload(as_alice, assessment_a, GOOD)
    assert response.context["problems"] == ["This assessment is closed."]
    assert not Response.objects.exists()
