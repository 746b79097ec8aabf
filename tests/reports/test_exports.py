"""Exports hold the engine's numbers and the raw answers, neutralised, logged, never below 3;
the raw answers only for owners of a closed round."""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from pathlib import Path
from typing import Any

import pyreadstat
import pytest
from django.db.models import QuerySet
from django.http import HttpResponse
from django.test import Client
from openpyxl import load_workbook

from partnerscan.accounts.models import User
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response
from partnerscan.assessments.visible_results import assessment_results
from partnerscan.audit.models import AuditEvent, Event
from partnerscan.reports.exports import responses_table

from .conftest import add_responses

pytestmark = pytest.mark.django_db

FORMATS = ("csv", "xlsx", "sav")


def exported() -> QuerySet[AuditEvent]:
    """The audit log's record of exports: the one record an export leaves."""
    return AuditEvent.objects.filter(action=Event.EXPORTED)


def body(response: HttpResponse) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content


def table(data: bytes, fmt: str, tmp_path: Path) -> list[dict[str, Any]]:
    """The export as rows of column → value, whatever the format."""
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(data), read_only=True).active
        values = list(sheet.iter_rows(values_only=True))
        width = len(values[0])  # read-only mode drops a row's trailing empty cells
        return [  # below the names, a row says what each column means
            dict(zip(values[0], row + (None,) * (width - len(row)), strict=True))
            for row in values[2:]
        ]
    path = tmp_path / "export.sav"
    path.write_bytes(data)
    frame, _meta = pyreadstat.read_sav(str(path), user_missing=True)
    return frame.to_dict("records")


def same(exported: Any, engine: float | int | None) -> bool:
    """Equal to the engine's number; XLSX keeps 15 significant digits, as Excel does."""
    value = number(exported)
    if value is None or engine is None:
        return value is None and engine is None
    return math.isclose(value, engine, rel_tol=1e-14)


def number(value: Any) -> float | None:
    if value in (None, ""):
        return None
    result = float(value)
    return None if math.isnan(result) else result


def close(assessment: Assessment) -> Assessment:
    """The responses, one row each, can be downloaded only once the round is closed."""
    return domain.close_assessment(assessment)


def export(client: Client, assessment: Assessment, name: str) -> HttpResponse:
    return client.get(f"/assessments/{assessment.pk}/export/{name}")


@pytest.mark.parametrize("fmt", ["csv", "sav"])  # the XLSX is a workbook: test_workbook.py
def test_the_results_export_holds_the_engines_numbers(
    assessment_a: Assessment, as_bob: Client, fmt: str, tmp_path: Path
) -> None:
    add_responses(assessment_a, 12)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    rows = table(body(export(as_bob, assessment_a, f"results.{fmt}")), fmt, tmp_path)
    aspects = {r["id"]: r for r in rows if r["row"] == "aspect"}
    for a in results.aspects:
        row = aspects[a.id]
        assert same(row["current_mean"], a.current.mean)
        assert same(row["ambition_sd"], a.ambition.sd)
        assert same(row["gap_mean"], a.gap.mean)
        assert same(row["priority"], a.priority)
        assert same(row["ad_m"], a.agreement.ad_m)
        assert same(row["views_differ"], int(a.agreement.views_differ))
        assert [number(row[f"current_count_{n}"]) for n in range(1, 6)] == list(a.current.counts)
    conditions = {r["id"]: r for r in rows if r["row"] == "condition"}
    for c in results.conditions:
        assert same(conditions[c.id]["current_mean"], c.current.mean)
        assert same(conditions[c.id]["alpha"], c.alpha)
    overall = next(r for r in rows if r["row"] == "overall")
    assert same(overall["current_mean"], results.overall.current.mean)
    assert same(overall["level"], results.overall.level)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_responses_export_has_one_row_per_respondent_with_their_answers(
    assessment_a: Assessment, as_alice: Client, fmt: str, tmp_path: Path
) -> None:
    add_responses(assessment_a, 12)
    close(assessment_a)
    results = assessment_results(assessment_a, "en")
    assert results is not None
    rows = table(body(export(as_alice, assessment_a, f"responses.{fmt}")), fmt, tmp_path)
    assert [r["respondent"] for r in rows] == [f"R{i:02d}" for i in range(1, 13)]
    dk = 9 if fmt == "sav" else "dk"
    for a in results.aspects:
        answers = Counter(str(r[f"{a.code}_current"]).removesuffix(".0") for r in rows)
        assert [answers[str(level)] for level in range(1, 6)] == list(a.current.counts)
        assert answers[str(dk)] == a.current.dont_know


def test_the_spss_file_labels_variables_levels_and_dont_know(
    assessment_a: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    add_responses(assessment_a, 6)
    close(assessment_a)
    path = tmp_path / "responses.sav"
    path.write_bytes(body(export(as_alice, assessment_a, "responses.sav")))
    _frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    code = assessment_a.capability_model.aspects[0].code
    labels = meta.variable_value_labels[f"{code}_current"]
    assert labels == {
        1.0: "Incidental",
        2.0: "Aware",
        3.0: "Organised",
        4.0: "Integrated",
        5.0: "Learning and strategic",
        9.0: "don't know",
    }
    assert meta.missing_ranges[f"{code}_current"] == [{"lo": 9.0, "hi": 9.0}]
    name = assessment_a.capability_model.aspects[0].name.en
    assert meta.column_names_to_labels[f"{code}_current"] == f"{name}: now"


@pytest.mark.parametrize("name", [f"{k}.{f}" for k in ("responses", "results") for f in FORMATS])
def test_exports_are_refused_below_three_respondents(
    assessment_a: Assessment, as_alice: Client, name: str
) -> None:
    add_responses(assessment_a, 2)
    close(assessment_a)
    response = export(as_alice, assessment_a, name)
    assert response.status_code == 409
    assert b"No results below 3 respondents" in response.content
    assert not exported().exists()


def test_each_export_is_logged_with_who_and_what(
    assessment_a: Assessment, as_alice: Client, alice: User
) -> None:
    add_responses(assessment_a, 5)
    close(assessment_a)
    for name in ("responses.csv", "results.xlsx", "responses.sav"):
        assert export(as_alice, assessment_a, name).status_code == 200
    assert as_alice.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=nl").status_code == 200
    logged = [
        (e.user_id, e.assessment_id, e.params["kind"], e.params["format"])
        for e in exported().order_by("id")
    ]
    assert logged == [
        (alice.pk, assessment_a.pk, "responses", "csv"),
        (alice.pk, assessment_a.pk, "results", "xlsx"),
        (alice.pk, assessment_a.pk, "responses", "sav"),
        (alice.pk, assessment_a.pk, "report", "pdf"),
    ]


def test_the_csv_is_streamed(assessment_a: Assessment, as_alice: Client) -> None:
    add_responses(assessment_a, 5)
    close(assessment_a)
    response = export(as_alice, assessment_a, "responses.csv")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="partnerscan-round-1-responses.csv"'
    )


def test_small_role_and_department_combinations_are_pooled_in_the_responses_export(
    assessment_a: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    add_responses(assessment_a, 6, departments=("Policy",))
    add_responses(assessment_a, 4, departments=("Operations",))
    add_responses(assessment_a, 2, departments=("Board office",))  # would single out two people
    close(assessment_a)
    rows = table(body(export(as_alice, assessment_a, "responses.csv")), "csv", tmp_path)
    seen = Counter((r["role"], r["department"], r["group"]) for r in rows)
    # Board office (2) is below k = 3; "other" would then hold 2, so Operations joins it.
    assert seen == Counter({("staff", "Policy", "internal"): 6, ("other", "other", "other"): 6})


def test_the_group_columns_stay_empty_when_no_split_is_safe(
    assessment_a: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    add_responses(assessment_a, 6, departments=("Policy",))
    add_responses(assessment_a, 2, departments=("Board office",))
    close(assessment_a)
    rows = table(body(export(as_alice, assessment_a, "responses.csv")), "csv", tmp_path)
    assert {(r["role"], r["department"], r["group"]) for r in rows} == {("", "", "")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_owners_download_the_responses_and_others_get_a_403(
    assessment_a: Assessment, as_bob: Client, fmt: str
) -> None:
    add_responses(assessment_a, 6)
    close(assessment_a)
    assert export(as_bob, assessment_a, f"responses.{fmt}").status_code == 403
    assert export(as_bob, assessment_a, f"results.{fmt}").status_code == 200
    assert [e.params["kind"] for e in exported()] == ["results"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_responses_of_a_round_that_is_not_closed_are_refused_even_to_an_owner(
    assessment_a: Assessment, as_alice: Client, fmt: str
) -> None:
    add_responses(assessment_a, 6)
    response = export(as_alice, assessment_a, f"responses.{fmt}")
    assert response.status_code == 409
    assert b"once the assessment is closed" in response.content
    assert not exported().exists()


def test_an_open_round_exports_nothing_without_an_interim_snapshot(
    assessment_a: Assessment, as_alice: Client
) -> None:
    domain.open_assessment(assessment_a)
    add_responses(assessment_a, 6)
    names = [f"{k}.{f}" for k in ("responses", "results") for f in FORMATS]
    statuses = [export(as_alice, assessment_a, name).status_code for name in names]
    pdf = as_alice.get(f"/assessments/{assessment_a.pk}/report.pdf?lang=en").status_code
    assert (statuses, pdf) == ([409] * 6, 409)
    assert not exported().exists()


def test_the_responses_export_leaves_out_submissions_without_a_numeric_answer(
    assessment_a: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    add_responses(assessment_a, 4)
    empty = Response.objects.create(assessment=assessment_a, submitted=True, department="Policy")
    Answer.objects.create(response=empty, aspect="goals", current=DONT_KNOW, comment="hi")
    close(assessment_a)
    rows = table(body(export(as_alice, assessment_a, "responses.csv")), "csv", tmp_path)
    assert [r["respondent"] for r in rows] == ["R1", "R2", "R3", "R4"]
    assert list(rows[0]) == [c.name for c in responses_table(assessment_a, "en", 4).columns]
    assert not [name for name in rows[0] if "date" in name or "time" in name]


def test_the_responses_rows_follow_the_random_response_ids_not_the_order_of_submission(
    assessment_a: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    responses = add_responses(assessment_a, 12)
    # Each respondent's first aspect gets their creation number, 1..5 in a cycle, as a marker.
    first = assessment_a.capability_model.aspects[0]
    for number, response in enumerate(responses):
        Answer.objects.filter(response=response, aspect=first.id).update(current=number % 5 + 1)
    close(assessment_a)
    rows = table(body(export(as_alice, assessment_a, "responses.csv")), "csv", tmp_path)
    by_id = sorted(range(12), key=lambda number: responses[number].pk)
    assert [r[f"{first.code}_current"] for r in rows] == [str(n % 5 + 1) for n in by_id]
