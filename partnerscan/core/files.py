"""A table as a file: CSV, XLSX and SPSS, and the download response that carries it.

Every text goes through `safe_cell` (core/cells.py), headers, labels and value labels too, and
nothing changes it afterwards, so a spreadsheet never runs a comment, a department or an
organisation's name as a formula.
"""

from __future__ import annotations

import csv
import math
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from partnerscan.core import sav
from partnerscan.core.cells import safe_cell
from partnerscan.core.tables import Column, Table

SAV_DONT_KNOW = 9  # the stored code; an SPSS user-missing value
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
}


# --- cells --------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else safe_cell(value)


def csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.kind == "flag":
        return "1" if value else "0"
    if column.kind == "text":
        return _text(value)
    return repr(value) if isinstance(value, float) else str(value)


# --- CSV ----------------------------------------------------------------------------------------


class _Line:
    """A file-like that hands back what csv.writer writes, to stream one line at a time."""

    def write(self, text: str) -> str:
        return text


LINES_PER_PART = 200  # lines handed to the server at once: fewer, larger writes


def _level_text(value: Any) -> str:
    """A level cell (1..5, "dk" or empty) as csv_cell writes it, looked up instead of worked
    out; anything else (a bool, a float) goes the long way."""
    if type(value) in _KEYED:
        text = _LEVEL_TEXT.get(value)
        if text is not None:
            return text
    return csv_cell(_LEVEL, value)


_LEVEL = Column("level", "", "level")
_LEVEL_TEXT: dict[Any, str] = {None: "", "dk": "dk", **{level: str(level) for level in range(1, 6)}}
_KEYED = (int, str, type(None))


def csv_lines(table: Table) -> Iterator[str]:
    """UTF-8 with a byte order mark, so Excel reads the accents right; a part of up to
    LINES_PER_PART lines at a time, each line one row."""
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([_text(c.name) for c in table.columns])
    columns = table.columns
    # The level columns (most of a responses file) take a look-up per cell.
    cells = [_level_text if c.kind == "level" else partial(csv_cell, c) for c in columns]
    part: list[str] = []
    for row in table.rows:
        part.append(writer.writerow([cell(value) for cell, value in zip(cells, row, strict=True)]))
        if len(part) == LINES_PER_PART:
            yield "".join(part)
            part = []
    if part:
        yield "".join(part)


# --- XLSX ---------------------------------------------------------------------------------------


def _xlsx_cell(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "flag":
        return int(bool(value))
    if isinstance(value, str):
        # Cleaned of what XLSX cannot hold before the formula check, never after it.
        return _text(value)
    return value


def _xlsx_number_format(value: Any) -> str | None:
    """A whole number as '0'; other numbers keep every digit (the General format)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return "0"


def write_xlsx(table: Table, out: IO[bytes]) -> None:
    """Two header rows, frozen: the column names (as in the CSV) and what each means in the
    file's language (for a level column the aspect's name and now or ambition). Numbers are
    number cells, text is always a text cell (never a formula or a link, whatever it starts
    with). XlsxWriter's constant-memory mode writes each row to a temporary file as it comes,
    so memory stays flat however many rows there are, at about twice the CSV's time."""
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    workbook = xlsxwriter.Workbook(out, options)
    sheet = workbook.add_worksheet(_sheet_title(table.title))
    sheet.freeze_panes(2, 1)  # both header rows and the first column stay in view
    bold = workbook.add_format({"bold": True})
    whole = workbook.add_format({"num_format": "0"})
    for row, texts in enumerate(
        ([c.name for c in table.columns], [c.label for c in table.columns])
    ):
        for col, text in enumerate(texts):
            sheet.write_string(row, col, _text(text), bold)
    columns = table.columns
    for row, values in enumerate(table.rows, start=2):
        for col, (column, value) in enumerate(zip(columns, values, strict=True)):
            content = _xlsx_cell(column, value)
            if content is None:
                continue
            if isinstance(content, str):
                sheet.write_string(row, col, content)
            elif isinstance(content, float) and not math.isfinite(content):
                continue
            else:
                sheet.write_number(
                    row, col, content, whole if _xlsx_number_format(content) else None
                )
    workbook.close()


def _sheet_title(title: str) -> str:
    return "".join(ch for ch in _text(title) if ch not in "[]:*?/\\'")[:31] or "Sheet"


def xlsx_file(table: Table) -> IO[bytes]:
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    write_xlsx(table, out)
    out.seek(0)
    return out


# --- SPSS ---------------------------------------------------------------------------------------


def _sav_value(column: Column, value: Any) -> Any:
    if column.kind == "text":
        return _text(value)
    if column.kind == "level" and value == "dk":
        return SAV_DONT_KNOW
    if column.kind == "flag" and value is not None:
        return int(bool(value))
    return math.nan if value is None else float(value)


def _sav_labels(table: Table, dont_know: str, flags: Sequence[str]) -> dict[str, dict[Any, str]]:
    levels: dict[Any, str] = {i: _text(name) for i, name in enumerate(table.level_names, 1)}
    levels[SAV_DONT_KNOW] = _text(dont_know)
    labels: dict[str, dict[Any, str]] = {}
    for column in table.columns:
        if column.kind == "level":
            labels[column.name] = levels
        elif column.kind == "flag":
            labels[column.name] = {0: _text(flags[0]), 1: _text(flags[1])}
    return labels


def write_sav(table: Table, path: str, dont_know: str, flags: Sequence[str]) -> None:
    """Variable labels, value labels 1–5 = level names, don't know (9) as user-missing. Written
    row by row (core/sav.py): memory stays flat however many rows."""
    labels = _sav_labels(table, dont_know, flags)
    variables = [
        sav.Variable(
            name=column.name,
            label=_text(column.label),
            numeric=column.kind != "text",
            measure=MEASURE[column.kind],
            missing=(SAV_DONT_KNOW,) if column.kind == "level" else (),
            value_labels=labels.get(column.name),
        )
        for column in table.columns
    ]
    columns = table.columns
    rows = (
        [_sav_value(column, value) for column, value in zip(columns, row, strict=True)]
        for row in table.rows
    )
    with open(path, "wb") as out:
        sav.write(out, variables, rows)


MEASURE = {"level": "ordinal", "text": "nominal", "flag": "nominal", "number": "scale"}


def sav_file(table: Table, dont_know: str, flags: Sequence[str]) -> IO[bytes]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.sav"
        write_sav(table, str(path), dont_know, flags)
        out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
        with path.open("rb") as written:
            shutil.copyfileobj(written, out)
    out.seek(0)
    return out


def file_response(
    table: Table, fmt: str, filename: str | None = None
) -> StreamingHttpResponse | FileResponse:
    """The table as a download in `fmt` (csv, xlsx or sav), labels in the active language;
    saved as `filename` when one is given."""
    if fmt == "csv":
        response: StreamingHttpResponse | FileResponse = StreamingHttpResponse(csv_lines(table))
    elif fmt == "xlsx":
        response = FileResponse(xlsx_file(table))
    else:
        response = FileResponse(sav_file(table, _("don't know"), (_("no"), _("yes"))))
    response["Content-Type"] = CONTENT_TYPES[fmt]
    if filename is not None:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
