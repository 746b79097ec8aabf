"""The results workbook: one XLSX file a consultant can hand on (docs/method.md, "Results
workbook").

Sheets: summary (overall and conditions), aspects, leads, breakdowns (each group × figure,
from the engine's per-figure results) and, for a closed round, the comments the dashboard
shows. Every number is the dashboard's rounded number (stats.shown), stored as a number with a
matching number format; every text goes through `safe_cell`; no cell holds a formula. The
file is small (one row per aspect or group), so a normal workbook is built in memory.

The machine-readable results stay in the CSV (and SPSS) file, with full precision.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import IO, TypeVar

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from partnerscan.core.cells import safe_cell
from partnerscan.reports.breakdowns import breakdown_titles, group_label, role_labels
from partnerscan.reports.build import Report
from partnerscan.reports.partners import PartnerRow
from partnerscan.reports.rows import AspectRow, LeadRow
from partnerscan.scoring import stats
from partnerscan.scoring.records import GROUPINGS

BOLD = Font(bold=True)


@dataclass(frozen=True)
class Figure:
    """A number as the dashboard shows it: rounded by stats.shown, with its decimals."""

    value: float | int | None
    digits: int = 1
    signed: bool = False
    percent: bool = False


Cell = str | int | Figure | None
Item = TypeVar("Item")
Column = tuple[str, Callable[[Item], Cell]]  # a header and how to get its value from an item


def number_format(shown: Fraction, figure: Figure) -> str:
    """'0.0' for one decimal, '0.00' for two (stats.shown may give one more near a level
    boundary), a sign for gaps, '0%' for a share."""
    places = stats.decimals(shown, figure.digits)
    base = "0." + "0" * places if places else "0"
    if figure.percent:
        return base + "%"
    return f"+{base};-{base};{base}" if figure.signed else base


def _write(sheet: Worksheet, row: int, values: Sequence[Cell], bold: bool = False) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)
        if isinstance(value, Figure):
            scale = 100 if value.percent else 1
            shown = stats.shown(None if value.value is None else value.value * scale, value.digits)
            if shown is not None:
                cell.value = float(shown / scale) if value.percent else float(shown)
                cell.number_format = number_format(shown, value)
        elif isinstance(value, str):
            cell.value = safe_cell(value)
        elif isinstance(value, int):
            cell.value = value
            cell.number_format = "0"
        if bold:
            cell.font = BOLD


def _table(
    sheet: Worksheet,
    headers: Sequence[Sequence[str]],
    rows: Iterable[Sequence[Cell]],
    top: int = 1,
    frozen_columns: int = 0,
) -> None:
    """Header rows from `top`, frozen (and the first `frozen_columns` columns), then rows."""
    for offset, header in enumerate(headers):
        _write(sheet, top + offset, header, bold=True)
    first = top + len(headers)
    for offset, row in enumerate(rows):
        _write(sheet, first + offset, row)
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{first}"
    widths = [max(len(str(h[i])) for h in headers) for i in range(len(headers[0]))]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(10, width + 2))


def _column_table(
    sheet: Worksheet, columns: Sequence[Column[Item]], items: Iterable[Item], frozen_columns: int
) -> None:
    """A table of one row per item, defined column by column so that a header can never drift
    away from the value it heads."""
    header = [title for title, _value in columns]
    rows = ([value(item) for _title, value in columns] for item in items)
    _table(sheet, [header], rows, frozen_columns=frozen_columns)


def _sheet(workbook: Workbook, title: str) -> Worksheet:
    name = "".join(ch for ch in safe_cell(title) if ch not in "[]:*?/\\'")[:31]
    return workbook.create_sheet(name)


# --- sheets -------------------------------------------------------------------------------------


def _summary(workbook: Workbook, report: Report) -> None:
    results = report.results
    assert results is not None
    sheet = _sheet(workbook, _("Summary"))
    about: list[tuple[str, Cell]] = [
        (_("Organisation"), report.assessment.organisation.name),
        (_("Assessment"), report.assessment.title),
        (_("Model"), report.model.ref),
        (_("Respondents"), report.respondents),
        (_("Invited"), report.counts.get("invited", 0)),
        (_("Via the open link"), report.counts.get("visits", 0)),  # not in the response rate
        (_("Response rate"), Figure(report.rate, 0, percent=True)),
    ]
    for row, (label, value) in enumerate(about, start=1):
        _write(sheet, row, [label, value])
        sheet.cell(row=row, column=1).font = BOLD
    overall = results.overall
    codes = {c.id: c.code for c in report.model.conditions}
    rows: list[list[Cell]] = [
        [
            "",
            _("Overall"),
            Figure(overall.current.mean),
            overall.level,
            report.overall_level_name,
            Figure(overall.ambition.mean),
            report.respondents,
            None,
            None,
        ]
    ]
    rows += [
        [
            codes[c.id],
            c.name,
            Figure(c.current),
            c.level,
            c.level_name,
            Figure(c.ambition),
            c.n,
            Figure(c.alpha, 2),
            c.alpha_n,
        ]
        for c in report.conditions
    ]
    header = [
        _("Code"),
        _("Condition"),
        _("Now"),
        _("Level now"),
        _("Level name"),
        _("Ambition"),
        _("Respondents scored"),
        _("Alpha"),
        _("Alpha over respondents"),
    ]
    _table(sheet, [header], rows, top=len(about) + 2, frozen_columns=2)


def _aspects(workbook: Workbook, report: Report) -> None:
    results = report.results
    assert results is not None
    rank = {lead.aspect_id: i for i, lead in enumerate(report.leads, start=1)}
    yes, no = _("yes"), _("no")
    columns: list[Column[AspectRow]] = [
        (_("Code"), lambda row: row.result.code),
        (_("Aspect"), lambda row: row.name),
        (_("Condition"), lambda row: row.condition),
        (_("Now"), lambda row: Figure(row.result.current.mean)),
        (_("Answers now"), lambda row: row.result.current.n),
        (_("Don't know"), lambda row: row.result.current.dont_know),
        (_("Spread now (SD)"), lambda row: Figure(row.result.current.sd, 2)),
        (_("Ambition"), lambda row: Figure(row.result.ambition.mean)),
        (_("Gap"), lambda row: Figure(row.result.gap.mean, signed=True)),
        (_("Average deviation"), lambda row: Figure(row.result.agreement.ad_m, 2)),
        (_("Views differ"), lambda row: yes if row.result.agreement.views_differ else no),
        (_("Weight"), lambda row: Figure(row.result.weight, 2)),
        (_("Priority"), lambda row: Figure(row.result.priority, 2)),
        (_("Lead"), lambda row: rank.get(row.result.id)),
    ]
    _column_table(_sheet(workbook, _("Aspects")), columns, report.aspects, frozen_columns=2)


def _leads(workbook: Workbook, report: Report) -> None:
    codes = {a.id: a.code for a in report.model.aspects}
    rank = {lead.aspect_id: i for i, lead in enumerate(report.leads, start=1)}
    columns: list[Column[LeadRow]] = [
        (_("Rank"), lambda lead: rank[lead.aspect_id]),
        (_("Code"), lambda lead: codes.get(lead.aspect_id, "")),
        (_("Aspect"), lambda lead: lead.aspect),
        (_("Condition"), lambda lead: lead.condition),
        (_("Level now"), lambda lead: lead.level),
        (_("Level name"), lambda lead: lead.level_name),
        (_("Next step"), lambda lead: lead.next_step),
        (_("Priority"), lambda lead: Figure(lead.priority, 2)),
        (_("Weight"), lambda lead: Figure(lead.weight, 2)),
    ]
    if report.partners is not None and report.partners.view is not None:
        yes, no = _("yes"), _("no")
        columns += [
            (_("Added by a blind spot"), lambda lead: Figure(lead.partner_addition, 2)),
            (_("A lead because of partners"), lambda lead: yes if lead.by_partners else no),
        ]
    _column_table(_sheet(workbook, _("Leads")), columns, report.leads, frozen_columns=3)


def _partners(workbook: Workbook, report: Report) -> None:
    """How partners see us: per condition and aspect our own mean beside the partners', then
    the shown groups of partners; nothing while there is no partner view."""
    section = report.partners
    if section is None or section.view is None:
        return
    codes = {c.id: c.code for c in report.model.conditions}
    codes |= {a.id: a.code for a in report.model.aspects}
    columns: list[Column[PartnerRow]] = [
        (_("Code"), lambda row: codes[row.id]),
        (_("Aspect or condition"), lambda row: row.name),
        (_("Condition"), lambda row: row.condition),
        (_("We"), lambda row: Figure(row.own.mean)),
        (_("Answers (we)"), lambda row: row.own.n),
        (_("Partners"), lambda row: Figure(row.partners.mean)),
        (_("Answers (partners)"), lambda row: row.partners.n),
        (_("Difference"), lambda row: Figure(row.difference, signed=True)),
        (_("Reading"), lambda row: row.verdict_text),
    ]
    sheet = _sheet(workbook, _("Partners"))
    _column_table(sheet, columns, [*section.conditions, *section.aspects], frozen_columns=2)
    rows: list[list[Cell]] = []
    for table in section.breakdowns:
        if table.suppressed:
            rows.append([table.title, _("not shown: too few partners per group")])
            continue
        for g, (label, n) in enumerate(table.groups):
            rows += [
                [table.title, label, n, name, Figure(cells[g])]
                for name, cells in table.rows
                if cells[g] is not None
            ]
    if rows:
        sheet = _sheet(workbook, _("Partner groups"))
        header = [_("Breakdown"), _("Group"), _("Partners"), _("Aspect"), _("Partners' mean")]
        _table(sheet, [header], rows, frozen_columns=2)


def _breakdowns(workbook: Workbook, report: Report) -> None:
    """Each breakdown's groups × figures (current means): conditions, then aspects. A figure
    the engine does not show for a group (too few answers; they are then in "other") is empty;
    a breakdown that cannot be shown at all says so in one row."""
    results = report.results
    assert results is not None
    model = report.model
    sheet = _sheet(workbook, _("Breakdowns"))
    codes = [c.code for c in model.conditions] + [a.code for a in model.aspects]
    names = [c.name.get(report.lang) for c in model.conditions] + [
        a.name.get(report.lang) for a in model.aspects
    ]
    first = [_("Breakdown"), _("Group"), _("Respondents")]
    headers = [first + codes, ["", "", ""] + names]
    titles = breakdown_titles()
    roles = role_labels(model, report.lang)
    rows: list[list[Cell]] = []
    for grouping in GROUPINGS:
        breakdown = getattr(results.breakdowns, grouping)
        if breakdown.suppressed or not breakdown.groups:
            rows.append([titles[grouping], _("not shown: too few respondents per group")])
            continue
        for group in breakdown.groups:
            figures = [Figure(c.current.mean) for c in group.conditions]
            figures += [Figure(a.current.mean) for a in group.aspects]
            rows.append([titles[grouping], group_label(grouping, group, roles), group.n, *figures])
    _table(sheet, headers, rows, frozen_columns=2)


def _comments(workbook: Workbook, report: Report) -> None:
    """The comments exactly as the dashboard shows them (build._comments: random order fixed
    per round, no role or department, at most COMMENTS_SHOWN per aspect); only once closed."""
    if not report.assessment.is_closed or not report.comments:
        return
    sheet = _sheet(workbook, _("Comments"))
    rows: list[list[Cell]] = []
    for group in report.comments:
        rows += [[group.aspect, text] for text in group.shown]
    _table(sheet, [[_("Aspect"), _("Comment")]], rows, frozen_columns=1)
    sheet.column_dimensions["B"].width = 80


def write_results_workbook(report: Report, out: IO[bytes]) -> None:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _summary(workbook, report)
    _aspects(workbook, report)
    _leads(workbook, report)
    _breakdowns(workbook, report)
    _comments(workbook, report)
    _partners(workbook, report)
    workbook.save(out)


def results_workbook(report: Report) -> IO[bytes]:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    write_results_workbook(report, out)
    out.seek(0)
    return out
