"""A script or a spreadsheet formula in a comment, department or organisation name stays inert."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyreadstat
import pytest
from django.test import Client
from openpyxl import load_workbook

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment

from .conftest import PAYLOAD, add_responses, pdf_text
from .test_exports import body

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
NEUTRALISED = "'" + PAYLOAD


@pytest.fixture
def hostile(assessment_a: Assessment, org_a: Organisation) -> Assessment:
    org_a.name = PAYLOAD
    org_a.save(update_fields=["name"])
    add_responses(assessment_a, 6, departments=(PAYLOAD,), comment=PAYLOAD)
    add_responses(assessment_a, 6, departments=("Operations",), comment=SCRIPT)
    # Closed: the responses, one row each, are an owner's download of a closed round only.
    return domain.close_assessment(assessment_a)


def test_html_escapes_the_payloads(hostile: Assessment, as_bob: Client) -> None:
    html = as_bob.get(f"/assessments/{hostile.pk}/dashboard/").content.decode()
    assert SCRIPT not in html
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    crumbs = html.split('class="crumbs"', 1)[1].split("</nav>", 1)[0]
    comments = html.split('id="comments"', 1)[1].split("</section>", 1)[0]
    breakdowns = html.split('id="differ"', 1)[1].split("</section>", 1)[0]
    assert escaped in crumbs  # the organisation name
    assert comments.count(escaped) == 2
    assert escaped in breakdowns  # the department as a group


def test_the_pdf_shows_the_payloads_as_text(hostile: Assessment, as_bob: Client) -> None:
    data = as_bob.get(f"/assessments/{hostile.pk}/report.pdf?lang=en").content
    assert b"/JavaScript" not in data and b"/JS" not in data
    text = pdf_text(data)
    cover = text.split("\f", 1)[0]
    assert PAYLOAD in cover  # the organisation name, literally
    comments = text.split("Comments", 1)[1]
    assert PAYLOAD in comments and SCRIPT in comments


def test_csv_neutralises_formula_cells(hostile: Assessment, as_alice: Client) -> None:
    base = f"/assessments/{hostile.pk}/export"
    responses = list(
        csv.reader(io.StringIO(body(as_alice.get(f"{base}/responses.csv")).decode("utf-8-sig")))
    )
    header = responses[0]
    cells = [cell for row in responses[1:] for cell in row]
    assert cells.count(NEUTRALISED) == 6  # six departments; comments are not exported per row
    assert PAYLOAD not in cells
    assert not any(name.startswith(("=", "+", "-", "@")) for name in header)
    results = list(
        csv.DictReader(io.StringIO(body(as_alice.get(f"{base}/results.csv")).decode("utf-8-sig")))
    )
    assert {row["organisation"] for row in results} == {NEUTRALISED}


def test_xlsx_stores_the_payloads_as_neutralised_text(
    hostile: Assessment, as_alice: Client
) -> None:
    data = body(as_alice.get(f"/assessments/{hostile.pk}/export/responses.xlsx"))
    sheet = load_workbook(io.BytesIO(data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)  # no formulas at all
    assert [c.value for c in cells].count(NEUTRALISED) == 6
    data = body(as_alice.get(f"/assessments/{hostile.pk}/export/results.xlsx"))
    sheet = load_workbook(io.BytesIO(data))["Summary"]
    assert sheet["B1"].value == NEUTRALISED and sheet["B1"].data_type == "s"


def test_spss_keeps_the_payloads_as_neutralised_text(
    hostile: Assessment, as_alice: Client, tmp_path: Path
) -> None:
    path = tmp_path / "responses.sav"
    path.write_bytes(body(as_alice.get(f"/assessments/{hostile.pk}/export/responses.sav")))
    frame, _meta = pyreadstat.read_sav(str(path))
    code = hostile.capability_model.aspects[0].code
    assert list(frame["department"]).count(NEUTRALISED) == 6
    assert f"{code}_comment" not in frame.columns  # comments never sit beside role or department
