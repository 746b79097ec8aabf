"""The CSV writer's fast path for level cells writes what the general cell rule writes, and the
lines come in parts that together are the whole file, row for row."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from partnerscan.core import files
from partnerscan.core.tables import Column, Table

COLUMNS = (
    Column("respondent", "Respondent", "text"),
    Column("x_current", "X: now", "level"),
    Column("x_ambition", "X: ambition", "level"),
    Column("weight", "Weight", "number"),
    Column("flagged", "Flagged", "flag"),
)
ODD_LEVELS: list[Any] = [None, 1, 5, "dk", 0, 7, 9, True, False, 2.5, "=1+1", -1]


def table(rows: list[list[Any]]) -> Table:
    return Table("t", COLUMNS, iter(rows), level_names=("a", "b", "c", "d", "e"))


def parsed(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize("value", ODD_LEVELS)
def test_a_level_cell_is_written_as_the_general_rule_writes_it(value: Any) -> None:
    rows = [["R1", value, value, 0.5, True]]
    lines = parsed("".join(files.csv_lines(table(rows))))
    level = files.csv_cell(COLUMNS[1], value)
    assert lines[1] == ["R1", level, level, "0.5", "1"]


def test_many_rows_arrive_in_parts_and_in_order() -> None:
    count = files.LINES_PER_PART * 2 + 7
    rows = [[f"R{i}", i % 5 + 1, "dk", float(i), i % 2 == 0] for i in range(count)]
    parts = list(files.csv_lines(table(rows)))
    assert len(parts) == 1 + 3  # the header, then two full parts and the rest
    lines = parsed("".join(parts))
    assert lines[0] == [c.name for c in COLUMNS]
    assert [line[0] for line in lines[1:]] == [f"R{i}" for i in range(count)]
    assert lines[-1] == [
        f"R{count - 1}",
        str((count - 1) % 5 + 1),
        "dk",
        repr(float(count - 1)),
        "1",  # count - 1 is even
    ]


def test_a_row_of_the_wrong_width_is_refused() -> None:
    with pytest.raises(ValueError):
        list(files.csv_lines(table([["R1", 1, 2, 0.5]])))
