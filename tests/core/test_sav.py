"""The SPSS file written row by row (core/sav.py) reads back as the one pandas and pyreadstat
wrote before: the same values, variable labels, value labels, missing values and measures, for
text with accents, formulas and more than 255 bytes, levels with "don't know", flags and numbers
with blanks; and its memory does not grow with the rows."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyreadstat

from partnerscan.core import files
from partnerscan.core.tables import Column, Table

COLUMNS = (
    Column("respondent", "Respondent", "text"),
    Column("department", "Afdeling – “quoted”", "text"),
    Column("STR_GOALS_current", "Doelen: nu", "level"),
    Column("STR_GOALS_ambition", "Doelen: ambitie", "level"),
    Column("submitted", "Ingestuurd", "flag"),
    Column("mean", "Gemiddelde", "number"),
)
LEVELS = ("Incidenteel", "Bewust", "Georganiseerd", "Geïntegreerd", "Lerend en strategisch")


def rows(count: int) -> Iterator[tuple[Any, ...]]:
    texts = ["Beleid", "=SUM(A1)", "é" * 200, "", "x" * 300, "Zorg & Welzijn"]
    for i in range(count):
        yield (
            f"R{i + 1}",
            texts[i % len(texts)],
            "dk" if i % 7 == 0 else (i % 5) + 1,
            None if i % 11 == 0 else (i % 3) + 3,
            i % 2 == 0,
            None if i % 13 == 0 else i / 3,
        )


def table(count: int) -> Table:
    return Table("Antwoorden", COLUMNS, rows(count), LEVELS)


def written_before(data: Table, path: Path) -> None:
    """What files.write_sav did until the rows were written one by one: a DataFrame."""
    columns = data.columns
    frame = pd.DataFrame(
        [[files._sav_value(c, v) for c, v in zip(columns, row, strict=True)] for row in data.rows],
        columns=[c.name for c in columns],
    )
    for column in columns:
        if column.kind != "text":
            frame[column.name] = frame[column.name].astype("float64")
    levels = [c.name for c in columns if c.kind == "level"]
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={c.name: files._text(c.label) for c in columns},
        variable_value_labels=files._sav_labels(data, "weet ik niet", ("nee", "ja")),
        missing_ranges={name: [files.SAV_DONT_KNOW] for name in levels},
        variable_measure={name: "ordinal" for name in levels},
    )


def read(path: Path) -> tuple[pd.DataFrame, Any]:
    return pyreadstat.read_sav(str(path), user_missing=True)


def test_the_file_reads_back_as_the_dataframe_written_one(tmp_path: Path) -> None:
    files.write_sav(table(40), str(tmp_path / "now.sav"), "weet ik niet", ("nee", "ja"))
    written_before(table(40), tmp_path / "before.sav")
    now, now_meta = read(tmp_path / "now.sav")
    before, before_meta = read(tmp_path / "before.sav")
    # Text longer than 255 bytes is cut on a character boundary (SPSS's long strings are
    # segments this writer does not make); everything else is the same.
    before["department"] = before["department"].map(
        lambda t: t.encode("utf-8")[:255].decode("utf-8", errors="ignore")
    )
    pd.testing.assert_frame_equal(now, before)
    for field in ("column_names", "column_labels", "variable_value_labels", "missing_ranges"):
        assert getattr(now_meta, field) == getattr(before_meta, field), field
    assert now_meta.number_rows == 40
    assert now_meta.variable_measure["STR_GOALS_current"] == "ordinal"
    assert now_meta.variable_measure["mean"] == "scale"
    assert now_meta.file_encoding == "UTF-8"


def test_values_arrive_as_given(tmp_path: Path) -> None:
    path = tmp_path / "now.sav"
    files.write_sav(table(14), str(path), "weet ik niet", ("nee", "ja"))
    frame, meta = read(path)
    first = frame.iloc[0].to_dict()
    assert first["STR_GOALS_current"] == 9.0  # don't know, a user-missing value
    assert math.isnan(first["STR_GOALS_ambition"]) and math.isnan(first["mean"])
    # 200 × "é" is 400 bytes: cut to the 127 characters that fit in 255 bytes.
    assert frame["department"].tolist()[:5] == ["Beleid", "'=SUM(A1)", "é" * 127, "", "x" * 255]
    assert meta.variable_value_labels["submitted"] == {0.0: "nee", 1.0: "ja"}
    assert frame["submitted"].tolist()[:2] == [1.0, 0.0]


def test_no_rows_make_a_valid_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sav"
    files.write_sav(table(0), str(path), "weet ik niet", ("nee", "ja"))
    frame, meta = read(path)
    assert len(frame) == 0 and meta.column_names == [c.name for c in COLUMNS]


PEAK = """
import sys, tempfile, tracemalloc
sys.path[:0] = sys.argv[2:]
import test_sav
from partnerscan.core import files
folder = tempfile.mkdtemp()
def peak(count):
    tracemalloc.start()
    files.write_sav(test_sav.table(count), f"{folder}/{count}.sav", "dk", ("no", "yes"))
    found = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return found
peak(100)  # imports and first-use allocations out of the way
print(peak(int(sys.argv[1])))
"""


def peak(count: int) -> int:
    """The peak traced memory of writing `count` rows, in a process of its own: in the test's
    process other threads (a live server a browser test left behind) would count too."""
    here = str(Path(__file__).parent)
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(count), here, str(Path(here).parent)],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.split()[-1])


def test_memory_does_not_grow_with_the_rows() -> None:
    assert peak(20_000) <= 1.5 * peak(1_000)
