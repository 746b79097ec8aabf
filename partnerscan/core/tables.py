"""A table for export: typed columns and lazily produced rows.

One table feeds every format (CSV, XLSX, SPSS; see core/files.py), so the formats cannot drift
apart. The rows are an iterator, so a 100,000-respondent export never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["text", "number", "level", "flag"]


@dataclass(frozen=True)
class Column:
    name: str  # the header: SPSS-safe, the same in every format
    label: str  # what it means, in the export's language (SPSS variable label)
    kind: Kind


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: Iterator[Sequence[Any]]
    level_names: tuple[str, ...]  # value labels of the "level" columns, 1..5
