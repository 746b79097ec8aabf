"""The workbook writer (core/xlsx.py): every text kept exactly as given, numbers as numbers,
the same bytes for the same table, and a file that spreadsheet readers open."""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Sequence
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape

from partnerscan.core.cells import safe_cell
from partnerscan.core.files import write_xlsx
from partnerscan.core.tables import Column, Table
from partnerscan.core.xlsx import column_letters, write_workbook

COLUMNS = (
    Column("respondent", "Respondent", "number"),
    Column("comment", "Toelichting & <uitleg>", "text"),
    Column("goals_now", "Doelen – nu", "level"),
    Column("mean", "Gemiddelde", "number"),
    Column("late", "Te laat", "flag"),
)

TEXTS = [
    "<r><t>gewoon</t></r>",  # rich-text markup: XlsxWriter wrote it into the file as markup
    "<r>kapot</r>",
    "</t></is></c><c><v>9</v></c>",  # an attempt to add a cell of its own
    "<r><t>x</t></r></is><f>1+1</f><is><r><t>y</t></r>",  # a formula between rich-text runs
    "_x0041_ stays as typed, _X00e9_ too",  # Excel's own escape of a character
    "a & b < c > d \" e ' f",
    "  spaces around  ",
    "regel één\nregel twee\ttab",
    "=SUM(A1:A9)",  # quoted by safe_cell, a text cell anyway
    "emoji 🙂 and ÿ",
    "",
]


def table(rows: Sequence[Sequence[Any]], title: str = "Antwoorden") -> Table:
    return Table(title, COLUMNS, iter(rows), ("1", "2", "3", "4", "5"))


def written(rows: Sequence[Sequence[Any]], title: str = "Antwoorden") -> bytes:
    out = io.BytesIO()
    write_xlsx(table(rows, title), out)
    return out.getvalue()


@pytest.mark.parametrize("read_only", [False, True], ids=["full", "read-only"])
def test_every_text_comes_back_exactly_as_written_in_its_own_cell(read_only: bool) -> None:
    rows = [[n, text, 3, 2.5, False] for n, text in enumerate(TEXTS, start=1)]
    sheet = load_workbook(io.BytesIO(written(rows)), read_only=read_only).active
    values = list(sheet.values)
    assert values[0] == tuple(c.name for c in COLUMNS)
    assert values[1] == tuple(c.label for c in COLUMNS)
    for text, row in zip(TEXTS, values[2:], strict=True):
        assert len(row) == len(COLUMNS)
        # openpyxl leaves Excel's escapes in place; Excel reads `_x005F_` as the underscore.
        assert unescape(row[1] or "") == safe_cell(text)
    if read_only:
        assert (sheet.max_row, sheet.max_column) == (2 + len(TEXTS), len(COLUMNS))


def test_numbers_are_number_cells_with_every_digit() -> None:
    floats = [0.1 + 0.2, 1 / 3, -2.5e-12, 123456789.123456789]
    rows: list[list[Any]] = [[n, "x", 5, value, True] for n, value in enumerate(floats, start=1)]
    rows += [
        [np.int64(7), "numpy", "dk", np.float64(2.75), 0],
        [8, "not finite", None, math.nan, None],
        [9, "infinite", 1, math.inf, None],
    ]
    sheet = load_workbook(io.BytesIO(written(rows))).active
    body = list(sheet.iter_rows(min_row=3))
    for value, row in zip(floats, body, strict=False):
        assert row[3].value == value and isinstance(row[3].value, float)
        assert row[3].number_format == "General"
        assert row[4].value == 1
    assert [c.value for c in body[0][:3]] == [1, "x", 5]
    assert body[0][0].number_format == "0" and body[0][2].number_format == "0"
    assert [c.value for c in body[4]] == [7, "numpy", "dk", 2.75, 0]
    assert body[4][0].number_format == "0"
    assert [c.value for c in body[5]] == [8, "not finite", None, None, None]
    assert [c.value for c in body[6]] == [9, "infinite", 1, None, None]


def test_the_header_is_bold_and_frozen_with_the_first_column() -> None:
    sheet = load_workbook(io.BytesIO(written([[1, "x", 1, 1.5, 0]]))).active
    assert sheet.freeze_panes == "B3"
    assert all(cell.font.b for row in sheet.iter_rows(max_row=2) for cell in row)
    assert not any(cell.font.b for cell in sheet[3])


def test_the_sheet_is_named_after_the_table_without_what_a_sheet_name_cannot_hold() -> None:
    book = load_workbook(io.BytesIO(written([], title='Ronde "A" & <B>: 2026/1?')))
    assert book.sheetnames == ['Ronde "A" & <B> 20261']
    assert list(book.active.values) == [
        tuple(c.name for c in COLUMNS),
        tuple(c.label for c in COLUMNS),
    ]


def test_the_same_table_gives_the_same_bytes() -> None:
    rows = [[n, text, n % 5 + 1, n / 7, n % 2] for n, text in enumerate(TEXTS * 30)]
    first = written(rows)
    assert written(rows) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError, match="2 cells"):
        written([[1, "x", 3, 1.0, 0], [2, "y"]])
    with pytest.raises(ValueError, match="row 3 has 1 cells, not 2"):
        write_workbook(io.BytesIO(), "T", [["a", "b"]], [[1, 2], [3]], 2)


def test_rows_beyond_the_first_thousands_keep_their_places() -> None:
    rows = [[n, f"t{n}", n % 5 + 1, None, None] for n in range(1, 2501)]
    sheet = load_workbook(io.BytesIO(written(rows)), read_only=True).active
    values = list(sheet.values)[2:]
    assert len(values) == 2500
    assert values[-1] == (2500, "t2500", 1, None, None)
    assert values[1233] == (1234, "t1234", 5, None, None)


def test_column_letters_run_on_past_z() -> None:
    letters = column_letters(16384)
    assert letters[:3] == ["A", "B", "C"]
    assert letters[25:28] == ["Z", "AA", "AB"]
    assert letters[701:703] == ["ZZ", "AAA"]
    assert letters[-1] == "XFD"
