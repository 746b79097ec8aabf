"""The results workbook a consultant hands on, and the responses XLSX beside it: the engine's
numbers rounded as on screen, as number cells with number formats, headers frozen, the
aspects' names beside their codes, sheets and headers in the download's language."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.reports.build import build_report
from partnerscan.scoring import stats

from .conftest import add_responses
from .test_exports import body

pytestmark = pytest.mark.django_db


def workbook(client: Client, assessment: Assessment, name: str = "results.xlsx") -> Workbook:
    response = client.get(f"/assessments/{assessment.pk}/export/{name}")
    assert response.status_code == 200
    return load_workbook(io.BytesIO(body(response)))


def values(sheet: Worksheet, first: int = 1) -> list[list[Any]]:
    """The sheet's rows from row `first`, trailing empty cells dropped."""
    rows = [list(row) for row in sheet.iter_rows(min_row=first, values_only=True)]
    for row in rows:
        while row and row[-1] is None:
            row.pop()
    return rows


def shown(value: float | None, digits: int = 1) -> float | None:
    figure = stats.shown(value, digits)
    return None if figure is None else float(figure)


@pytest.fixture
def closed(assessment_a: Assessment) -> Assessment:
    add_responses(assessment_a, 12, comment="We share the plans only late.")
    return domain.close_assessment(assessment_a)


def test_the_workbook_has_the_five_sheets_of_a_closed_round(
    closed: Assessment, as_bob: Client
) -> None:
    assert workbook(as_bob, closed).sheetnames == [
        "Summary",
        "Aspects",
        "Leads",
        "Breakdowns",
        "Comments",
    ]


def test_the_summary_sheet_holds_the_overall_and_condition_figures_as_shown(
    closed: Assessment, as_bob: Client
) -> None:
    report = build_report(closed, "en")
    results = report.results
    assert results is not None
    sheet = workbook(as_bob, closed)["Summary"]
    rate = None if report.rate is None else float(stats.shown(report.rate * 100, 0)) / 100  # type: ignore[arg-type]
    codes = {c.id: c.code for c in report.model.conditions}
    assert values(sheet) == [
        ["Organisation", "Org A"],
        ["Assessment", "Round 1"],
        ["Model", report.model.ref],
        ["Respondents", 12],
        ["Invited", 0],
        ["Via the open link", 0],
        ["Response rate", *([] if rate is None else [rate])],
        [],
        [
            "Code",
            "Condition",
            "Now",
            "Level now",
            "Level name",
            "Ambition",
            "Respondents scored",
            "Alpha",
            "Alpha over respondents",
        ],
        [
            None,
            "Overall",
            shown(results.overall.current.mean),
            results.overall.level,
            report.overall_level_name,
            shown(results.overall.ambition.mean),
            12,
        ],
        *(
            [
                codes[c.id],
                c.name,
                shown(c.current),
                c.level,
                c.level_name,
                shown(c.ambition),
                c.n,
                shown(c.alpha, 2),
                c.alpha_n,
            ]
            for c in report.conditions
        ),
    ]
    assert sheet.freeze_panes == "C10"


def test_the_aspects_sheet_holds_every_aspect_with_name_beside_code(
    closed: Assessment, as_bob: Client
) -> None:
    report = build_report(closed, "en")
    assert report.results is not None
    rank = {lead.aspect: i for i, lead in enumerate(report.results.leads, start=1)}
    sheet = workbook(as_bob, closed)["Aspects"]
    expected = [
        [
            "Code",
            "Aspect",
            "Condition",
            "Now",
            "Answers now",
            "Don't know",
            "Spread now (SD)",
            "Ambition",
            "Gap",
            "Average deviation",
            "Views differ",
            "Weight",
            "Priority",
            "Lead",
        ]
    ]
    for row in report.aspects:
        a = row.result
        cells = [
            a.code,
            row.name,
            row.condition,
            shown(a.current.mean),
            a.current.n,
            a.current.dont_know,
            shown(a.current.sd, 2),
            shown(a.ambition.mean),
            shown(a.gap.mean),
            shown(a.agreement.ad_m, 2),
            "yes" if a.agreement.views_differ else "no",
            shown(a.weight, 2),
            shown(a.priority, 2),
            rank.get(a.id),
        ]
        while cells[-1] is None:
            cells.pop()
        expected.append(cells)
    assert values(sheet) == expected
    assert sheet.freeze_panes == "C2"


def test_the_leads_sheet_lists_the_dashboards_leads_in_order(
    closed: Assessment, as_bob: Client
) -> None:
    report = build_report(closed, "en")
    codes = {a.id: a.code for a in report.model.aspects}
    sheet = workbook(as_bob, closed)["Leads"]
    assert values(sheet) == [
        [
            "Rank",
            "Code",
            "Aspect",
            "Condition",
            "Level now",
            "Level name",
            "Next step",
            "Priority",
            "Weight",
        ],
        *(
            [
                i,
                codes[lead.aspect_id],
                lead.aspect,
                lead.condition,
                lead.level,
                lead.level_name,
                lead.next_step,
                shown(lead.priority, 2),
                shown(lead.weight, 2),
            ]
            for i, lead in enumerate(report.leads, start=1)
        ),
    ]
    assert len(report.leads) == 3


def test_the_breakdowns_sheet_holds_each_groups_figures_and_leaves_suppressed_ones_empty(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 8, departments=("Policy",))
    add_responses(assessment_a, 4, departments=("Operations",))
    domain.close_assessment(assessment_a)
    report = build_report(assessment_a, "en")
    results = report.results
    assert results is not None
    model = report.model
    sheet = workbook(as_bob, assessment_a)["Breakdowns"]
    rows = values(sheet)
    assert rows[0] == [
        "Breakdown",
        "Group",
        "Respondents",
        *(c.code for c in model.conditions),
        *(a.code for a in model.aspects),
    ]
    assert rows[1] == [
        None,
        None,
        None,
        *(c.name.en for c in model.conditions),
        *(a.name.en for a in model.aspects),
    ]
    department = results.breakdowns.department
    assert not department.suppressed
    by_department = [r for r in rows[2:] if r[0] == "By department"]
    expected = []
    for group in department.groups:
        cells = [
            "By department",
            group.group,
            group.n,
            *(shown(c.current.mean) for c in group.conditions),
            *(shown(a.current.mean) for a in group.aspects),
        ]
        while cells[-1] is None:
            cells.pop()
        expected.append(cells)
    assert by_department == expected
    assert {r[1] for r in by_department} == {"Policy", "Operations"}
    # One role for everyone: a breakdown by role would give away nothing and is not shown.
    by_role = [r for r in rows[2:] if r[0] == "By role"]
    if results.breakdowns.role.suppressed:
        assert by_role == [["By role", "not shown: too few respondents per group"]]
    assert sheet.freeze_panes == "C3"


def test_the_comments_sheet_shows_the_dashboards_comments_without_role_or_department(
    closed: Assessment, as_bob: Client
) -> None:
    report = build_report(closed, "en")
    sheet = workbook(as_bob, closed)["Comments"]
    assert values(sheet) == [
        ["Aspect", "Comment"],
        *([group.aspect, text] for group in report.comments for text in group.shown),
    ]
    assert values(sheet)[1:] == [[report.model.aspects[0].name.en, "We share the plans only late."]]


def test_a_draft_with_imported_answers_has_no_comments_sheet(
    assessment_a: Assessment, as_bob: Client
) -> None:
    add_responses(assessment_a, 6, comment="Hidden until closed.")
    assert "Comments" not in workbook(as_bob, assessment_a).sheetnames


def test_every_number_is_a_number_cell_with_a_number_format_and_no_cell_is_a_formula(
    closed: Assessment, as_bob: Client
) -> None:
    book = workbook(as_bob, closed)
    formats = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.coordinate
                if isinstance(cell.value, float | int):
                    assert cell.data_type == "n"
                    formats.add(cell.number_format)
                    assert cell.number_format != "General", (sheet.title, cell.coordinate)
    assert {"0", "0.0", "0.00", "+0.0;-0.0;0.0"} <= formats


def test_the_dutch_workbook_has_dutch_sheets_and_headers(
    closed: Assessment, as_bob: Client
) -> None:
    book = workbook(as_bob, closed, "results.xlsx?lang=nl")
    assert book.sheetnames == [
        "Samenvatting",
        "Aspecten",
        "Aanknopingspunten",
        "Uitsplitsingen",
        "Toelichtingen",
    ]
    assert values(book["Aspecten"])[0][:4] == ["Code", "Aspect", "Conditie", "Nu"]
    names = {a.name.nl for a in closed.capability_model.aspects}
    assert {row[1] for row in values(book["Aspecten"])[1:]} == names


def test_the_responses_xlsx_has_a_frozen_header_with_names_and_level_numbers(
    closed: Assessment, as_alice: Client
) -> None:
    book = workbook(as_alice, closed, "responses.xlsx?lang=nl")
    sheet = book.active
    assert sheet is not None
    rows = values(sheet)
    aspect = closed.capability_model.aspects[0]
    assert rows[0][:6] == [
        "respondent",
        "role",
        "department",
        "group",
        f"{aspect.code}_current",
        f"{aspect.code}_ambition",
    ]
    assert rows[1][4:6] == [f"{aspect.name.nl}: nu", f"{aspect.name.nl}: ambitie"]
    assert sheet.freeze_panes == "B3"
    levels = [cell for row in sheet.iter_rows(min_row=3, min_col=5) for cell in row]
    numbers = [cell for cell in levels if cell.value != "dk" and cell.value is not None]
    assert numbers and all(
        isinstance(c.value, int) and c.number_format == "0" and c.data_type == "n" for c in numbers
    )
