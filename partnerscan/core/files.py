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
from partnerscan.core.xlsx import write_workbook

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


_LEVEL_CELL: dict[Any, Any] = {None: None, "dk": "dk", **{level: level for level in range(1, 6)}}


def _xlsx_level(value: Any) -> Any:
    """A level cell (1..5, "dk" or empty) as _xlsx_cell gives it, looked up instead of worked
    out; anything else (a bool, a float, another text) goes the long way."""
    if type(value) in _KEYED and value in _LEVEL_CELL:
        return _LEVEL_CELL[value]
    return _xlsx_cell(_LEVEL, value)


def write_xlsx(table: Table, out: IO[bytes]) -> None:
    """Two header rows, frozen with the first column: the column names (as in the CSV) and
    what each means in the file's language (for a level column the aspect's name and now or
    ambition). Whole numbers are number cells formatted "0", other numbers keep every digit,
    text is always a text cell (never a formula, a link or markup, whatever it holds). Written
    row by row at flat memory by core/xlsx.py."""
    columns = table.columns
    header = ([_text(c.name) for c in columns], [_text(c.label) for c in columns])
    # The level columns (most of a responses file) take a look-up per cell.
    cells = [_xlsx_level if c.kind == "level" else partial(_xlsx_cell, c) for c in columns]

    def rows() -> Iterator[list[Any]]:
        for row in table.rows:
            if len(row) != len(columns):
                raise ValueError(f"a row of {len(row)} cells in a table of {len(columns)}")
            yield [cell(value) for cell, value in zip(cells, row, strict=True)]

    write_workbook(out, _sheet_title(table.title), header, rows(), len(columns))


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
