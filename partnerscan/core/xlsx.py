"""A workbook of one sheet, written row by row at flat memory (issue 19).

Every cell is written here as XML text, escaped without exception: a text is always a text
(an inline string), never a formula, never markup. XlsxWriter, which this replaces, cost about
ten times the CSV per cell and, in its constant-memory mode, wrote a text shaped like
`<r>…</r>` into the file as rich-text markup instead of as the text itself, so a respondent's
comment could change or empty its own cell.

The sheet's rows go to a temporary file first, so the dimension (which readers use to size the
sheet) can be written before them; then the package is zipped. Nothing in the file depends on
the time it was made, so the same table gives the same bytes.
"""

from __future__ import annotations

import math
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from numbers import Integral, Real
from typing import IO, Any

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
WHEN = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry holds: no clock in the file

CONTENT_TYPES = (
    f'{DECLARATION}<Types xmlns="{PACKAGE}/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.styles+xml"/></Types>'
)
ROOT_RELS = (
    f'{DECLARATION}<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    f'{DECLARATION}<Relationships xmlns="{PACKAGE}/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
# Three cell formats: 0 the default, 1 bold (the header rows), 2 a whole number ("0").
STYLES = (
    f'{DECLARATION}<styleSheet xmlns="{MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
BOLD, WHOLE = ' s="1"', ' s="2"'

# Excel reads `_xHHHH_` in a text as an escaped character; its own escape of the underscore
# keeps such a text as it was typed.
_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_MAX_ROWS, _MAX_COLUMNS = 1_048_576, 16_384


def column_letters(count: int) -> list[str]:
    """A, B, …, Z, AA, … for the first `count` columns."""
    letters = []
    for number in range(1, count + 1):
        name = ""
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _escaped(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _EXCEL_ESCAPE.sub(r"_x005F_\1", text) if "_x" in text else text


def _cell(ref: str, value: Any, style: str = "") -> str:
    """One cell's XML; empty for nothing to write (None, NaN, infinity)."""
    kind = type(value)
    if kind is str:
        text = _escaped(value)
        return f'<c r="{ref}"{style} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    if kind is int:
        return f'<c r="{ref}"{style or WHOLE}><v>{value}</v></c>'
    if kind is float:
        return f'<c r="{ref}"{style}><v>{value!r}</v></c>' if math.isfinite(value) else ""
    if value is None:
        return ""
    if kind is bool:
        return f'<c r="{ref}"{style}><v>{int(value)}</v></c>'
    if isinstance(value, Integral):
        return _cell(ref, int(value), style)
    if isinstance(value, Real):
        return _cell(ref, float(value), style)
    return _cell(ref, str(value), style)


def write_workbook(
    out: IO[bytes],
    title: str,
    header: Sequence[Sequence[str]],
    rows: Iterable[Sequence[Any]],
    width: int,
    frozen_columns: int = 1,
) -> None:
    """A workbook of one sheet named `title` (already a valid sheet name): the `header` rows in
    bold and frozen with the first `frozen_columns` columns, then `rows`, each `width` cells of
    str (a text cell, written as given), int (a whole number), float, or None (no cell)."""
    if width > _MAX_COLUMNS:
        raise ValueError(f"a sheet holds at most {_MAX_COLUMNS} columns, not {width}")
    letters = column_letters(width)
    count = 0
    with tempfile.TemporaryFile() as data:
        part: list[str] = []
        for count, texts in enumerate(header, start=1):
            cells = "".join(
                _cell(f"{letter}{count}", text, BOLD)
                for letter, text in zip(letters, texts, strict=True)
            )
            part.append(f'<row r="{count}">{cells}</row>')
        for count, values in enumerate(rows, start=len(header) + 1):  # noqa: B007
            if len(values) != width:
                raise ValueError(f"row {count} has {len(values)} cells, not {width}")
            cells = "".join(
                _cell(f"{letter}{count}", value)
                for letter, value in zip(letters, values, strict=True)
            )
            part.append(f'<row r="{count}">{cells}</row>')
            if len(part) >= 200:
                data.write("".join(part).encode())
                part = []
        data.write("".join(part).encode())
        if count > _MAX_ROWS:
            raise ValueError(f"a sheet holds at most {_MAX_ROWS} rows, not {count}")
        data.seek(0)
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, text in (
                ("[Content_Types].xml", CONTENT_TYPES),
                ("_rels/.rels", ROOT_RELS),
                ("xl/workbook.xml", _workbook(title)),
                ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                ("xl/styles.xml", STYLES),
            ):
                package.writestr(_entry(name), text)
            with package.open(_entry("xl/worksheets/sheet1.xml"), "w") as sheet:
                sheet.write(_sheet_start(letters, count, len(header), frozen_columns).encode())
                shutil.copyfileobj(data, sheet, 1 << 20)
                sheet.write(b"</sheetData></worksheet>")


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=WHEN)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _workbook(title: str) -> str:
    return (
        f'{DECLARATION}<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><sheets>'
        f'<sheet name="{_escaped(title).replace(chr(34), "&quot;")}" sheetId="1" r:id="rId1"/>'
        "</sheets></workbook>"
    )


def _sheet_start(letters: list[str], rows: int, frozen_rows: int, frozen_columns: int) -> str:
    last = f"{letters[-1]}{max(rows, 1)}" if letters else "A1"
    view = '<sheetView workbookViewId="0" tabSelected="1">'
    if frozen_rows or frozen_columns:
        corner = f"{column_letters(frozen_columns + 1)[-1]}{frozen_rows + 1}"
        split = (f' xSplit="{frozen_columns}"' if frozen_columns else "") + (
            f' ySplit="{frozen_rows}"' if frozen_rows else ""
        )
        pane = ("bottom" if frozen_rows else "top") + ("Right" if frozen_columns else "Left")
        view += (
            f'<pane{split} topLeftCell="{corner}" activePane="{pane}" state="frozen"/>'
            f'<selection pane="{pane}" activeCell="{corner}" sqref="{corner}"/>'
        )
    return (
        f'{DECLARATION}<worksheet xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">'
        f'<dimension ref="A1:{last}"/><sheetViews>{view}</sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
    )
