"""The Responses CSV of PRODUCT.md §5: one row per respondent, read and written.

Reading accepts UTF-8 with or without a byte order mark, Windows-1252 (what Dutch Excel saves
as plain "CSV"), UTF-16 (Excel's "Unicode text"), commas, semicolons or tabs (an Excel `sep=;`
first line is honoured), `dk` in any case and whitespace around cells. Every problem of a file is
reported, each as `row N, column X: message` with rows numbered as a spreadsheet shows them
(header = row 1); nothing is dropped silently: an unclosed quote, a row with fewer or more cells
than the header are errors. A NUL character is refused in every cell. A caller that knows more
(the web import knows the assessment's roles and departments and the database's field lengths)
passes `Rules`, whose problems are reported in the same way, together with all others.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.csv_messages import MESSAGES, Problem, problem
from partnerscan.scoring.records import DK, GROUPINGS, AspectAnswer, RespondentRecord, Value

PARTS = ("current", "ambition", "comment")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DELIMITERS = (",", ";", "\t")
SEPARATOR_LINE = re.compile(r"sep=(.)\r?\n?")  # Excel's hint naming the separator


class ResponsesCSVError(ValueError):
    """Every problem of a file; `problems` in English (the CLI), `problems_in(lang)` for a
    reader in another language."""

    def __init__(self, problems: list[Problem]) -> None:
        self.found = problems
        self.problems = self.problems_in("en")
        super().__init__("\n".join(self.problems))

    def problems_in(self, lang: str) -> list[str]:
        return [p.text(lang) for p in self.found]


@dataclass(frozen=True)
class ParsedResponses:
    respondents: tuple[RespondentRecord, ...]
    rows: tuple[int, ...] = ()  # each respondent's row, as a spreadsheet numbers it


@dataclass(frozen=True)
class Rules:
    """Checks beyond the file format, for a caller that knows the allowed values.

    `allowed`: per grouping ("role", "department", "group"), the values it may take; an empty
    cell is always allowed. `aliases`: per grouping, other spellings (case-folded, such as a
    role's name in either language) and the value each stands for. `max_length`: per field
    ("respondent", a grouping or "comment"), the most characters a value may have.
    """

    allowed: Mapping[str, Collection[str]] = field(default_factory=dict)
    aliases: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    max_length: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Column:
    """What a header cell means: a field of the respondent, or a part of an aspect's answer."""

    name: str
    field: str  # "respondent", a grouping, a part ("current", ...) or "" without a header
    aspect: str | None = None


@dataclass
class _Reading:
    columns: list[Column]
    problems: list[Problem] = field(default_factory=list)
    first_row: dict[str, int] = field(default_factory=dict)
    rules: Rules = field(default_factory=Rules)


def column_letter(index: int) -> str:
    """A, B, ..., Z, AA, ... as a spreadsheet names the column at `index` (from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _column(columns: Sequence[Column], index: int) -> str:
    """A column as the messages name it: its header, or its letter when it has none."""
    name = columns[index].name if index < len(columns) else ""
    return name or column_letter(index)


def expected_columns(model: CapabilityModel) -> dict[str, Column]:
    """Every known header, keyed case-insensitively."""
    known = [Column("respondent", "respondent")] + [Column(g, g) for g in GROUPINGS]
    for aspect in model.aspects:
        known += [Column(f"{aspect.code}_{part}", part, aspect.id) for part in PARTS]
    return {column.name.casefold(): column for column in known}


# --- reading ------------------------------------------------------------------------------------


def _decode(data: bytes | str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Dutch Excel's "CSV")."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decoded(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Not UTF-8: every byte of a file from Excel's plain "CSV" is Windows-1252, and
            # those few it leaves undefined mean some other encoding.
            text = _decoded(data, "cp1252")
    if text.count("\x00") * 4 > len(text):
        # NULs everywhere: UTF-16 without a byte order mark, or not text at all. A stray NUL
        # in a cell is reported with its row and column instead (_record).
        row = text[: text.index("\x00")].count("\n") + 1
        raise ResponsesCSVError([problem(row, None, "not_text")])
    return text


def decode(data: bytes | str) -> str:
    """The file's text, or ResponsesCSVError naming the row where it stops being text."""
    return _decode(data)


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ResponsesCSVError([problem(row, None, "not_encoding")]) from None


def _separator_line(text: str) -> tuple[str | None, str]:
    """The separator an Excel `sep=;` first line names, and the text without that line."""
    found = SEPARATOR_LINE.fullmatch(text.split("\n", 1)[0] + "\n")
    if not found:
        return None, text
    return found.group(1), text.split("\n", 1)[1] if "\n" in text else ""


def sniff_delimiter(text: str) -> str:
    """The separator that occurs most in the header line: comma, semicolon or tab (ties: in
    that order). An Excel `sep=` first line decides instead."""
    named, text = _separator_line(text)
    if named is not None:
        return named
    header = text.split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def _open_quote(record: str, delimiter: str) -> int:
    """The column (from 0) of the last quoted value a record opens, read from its first line."""
    column = opened = 0
    state = "start"  # of a cell; or "bare", "quoted", "quote" (a quote inside a quoted cell)
    for char in record:
        if state == "quoted":
            state = "quote" if char == '"' else "quoted"
        elif state == "quote" and char == '"':
            state = "quoted"  # a doubled quote stands for one
        elif char == delimiter:
            column, state = column + 1, "start"
        elif char == "\n":
            break
        elif state == "start" and char == '"':
            opened, state = column, "quoted"
        else:
            state = "bare"
    return opened


def _rows(text: str) -> list[list[str]]:
    """Records as a spreadsheet numbers them (a quoted line break stays inside its row)."""
    delimiter = sniff_delimiter(text)
    _, text = _separator_line(text)
    lines = io.StringIO(text, newline="").readlines()  # split as the reader splits them
    # Strict: a quote that is never closed is an error, not the rest of the file in one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num  # physical lines read before this record
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows
        except csv.Error as exc:
            index = _open_quote("".join(lines[start:]), delimiter)
            header = [cell.strip() for cell in rows[0]] if rows else []
            name = header[index] if index < len(header) and header[index] else ""
            code = "quote_unclosed" if "end of data" in str(exc) else "quote_unended"
            found = problem(len(rows) + 1, name or column_letter(index), code)
            raise ResponsesCSVError([found]) from None


def _header(model: CapabilityModel, cells: list[str]) -> _Reading:
    known = expected_columns(model)
    reading = _Reading([])
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip()
        column = known.get(name.casefold(), Column(name, "?" if name else ""))
        reading.columns.append(Column(name, column.field, column.aspect))
        where = _column(reading.columns, index)
        if column.field == "?":
            reading.problems.append(problem(1, where, "unknown_column"))
        elif name and name.casefold() in seen:
            other = column_letter(seen[name.casefold()])
            reading.problems.append(problem(1, where, "duplicate_column", other=other))
        seen.setdefault(name.casefold(), index)
    required = [c for c in known.values() if c.field in ("respondent", "current", "ambition")]
    for column in required:
        if column.name.casefold() not in seen:
            reading.problems.append(problem(1, column.name, "missing_column"))
    return reading


class BadValue(ValueError):
    def __init__(self, text: str) -> None:
        super().__init__(MESSAGES["en"]["bad_value"].format(text=text))
        self.text = text


def parse_value(cell: str) -> Value:
    """A level 1..5, "dk" or None; raises BadValue (a ValueError) for anything else."""
    text = cell.strip()
    if not text:
        return None
    if text.casefold() == DK:
        return DK
    if text in ("1", "2", "3", "4", "5"):
        return int(text)
    raise BadValue(text)


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so that an exported file imports unchanged."""
    return text[1:] if text.startswith("'") and _is_formula_like(text[1:]) else text


def _text(cell: str) -> str | None:
    return unneutralise(cell.strip()) or None


def _shown(value: str, most: int = 40) -> str:
    return value if len(value) <= most else value[: most - 1] + "…"


def _broken_rule(rules: Rules, name: str, value: str | None) -> Problem | None:
    """What is wrong with a text value under the caller's rules (row and column filled in by
    the caller), or None."""
    if value is None:
        return None
    most = rules.max_length.get(name)
    if most is not None and len(value) > most:
        return problem(0, None, "too_long", length=len(value), most=most)
    if name in rules.allowed and value not in rules.allowed[name]:
        options = sorted(rules.allowed[name])
        if not options:
            return problem(0, None, "not_allowed", value=_shown(value))
        return problem(0, None, "not_one_of", value=_shown(value), options=", ".join(options))
    return None


def _checked_text(reading: _Reading, row: int, index: int, name: str, cell: str) -> str | None:
    """The cell's text (as the value it stands for); a rule it breaks is recorded as a problem
    of the row and column."""
    value = _text(cell)
    if value is not None and name in reading.rules.aliases:
        value = reading.rules.aliases[name].get(value.casefold(), value)
    broken = _broken_rule(reading.rules, name, value)
    if broken:
        where = _column(reading.columns, index)
        reading.problems.append(Problem(row, where, broken.code, broken.params))
    return value


def _record(reading: _Reading, row: int, cells: list[str]) -> RespondentRecord | None:
    values: dict[str, str | None] = {}
    answers: dict[str, dict[str, Value]] = {}
    comments: dict[str, str | None] = {}
    problems_before = len(reading.problems)
    for index, cell in enumerate(cells[: len(reading.columns)]):  # beyond: see _width
        column = reading.columns[index]
        if "\x00" in cell:
            # Never meaningful in a CSV, and PostgreSQL refuses it in a text column.
            reading.problems.append(problem(row, _column(reading.columns, index), "nul"))
            if column.field in ("respondent", *GROUPINGS):
                values.setdefault(column.field, _text(cell))  # no second "empty" problem
        elif column.field not in ("comment", "") and ("\n" in cell or "\r" in cell):
            reading.problems.append(problem(row, _column(reading.columns, index), "line_break"))
        elif column.field in ("current", "ambition") and column.aspect:
            try:
                answers.setdefault(column.aspect, {})[column.field] = parse_value(cell)
            except BadValue as exc:
                where = _column(reading.columns, index)
                reading.problems.append(problem(row, where, "bad_value", text=exc.text))
        elif column.field == "comment" and column.aspect:
            comments[column.aspect] = _checked_text(reading, row, index, "comment", cell)
        elif column.field == "" and cell.strip():
            where = _column(reading.columns, index)
            reading.problems.append(problem(row, where, "headless_value"))
        elif column.field not in ("", "?") and column.field not in values:
            values[column.field] = _checked_text(reading, row, index, column.field, cell)
    respondent = _respondent(reading, row, values.get("respondent"))
    if respondent is None or len(reading.problems) > problems_before:
        return None
    return RespondentRecord(
        id=respondent,
        role=values.get("role"),
        department=values.get("department"),
        group=values.get("group"),
        answers={a: AspectAnswer(v.get("current"), v.get("ambition")) for a, v in answers.items()},
        comments=comments,
    )


def _width(reading: _Reading, row: int, cells: list[str]) -> None:
    """A row with more or fewer cells than the header: its values would land in wrong columns."""
    width = len(reading.columns)
    if len(cells) > width:
        reading.problems.append(
            problem(row, column_letter(width), "too_many_cells", cells=len(cells), width=width)
        )
    missing = [column.name for column in reading.columns[len(cells) :] if column.name]
    if missing:
        reading.problems.append(
            problem(
                row,
                missing[0],
                "too_few_cells",
                cells=len(cells),
                width=width,
                missing=", ".join(missing),
            )
        )


def _respondent(reading: _Reading, row: int, value: str | None) -> str | None:
    if not any(c.field == "respondent" for c in reading.columns):
        return None  # reported once, in the header
    index = next(i for i, c in enumerate(reading.columns) if c.field == "respondent")
    where = _column(reading.columns, index)
    if value is None:
        reading.problems.append(problem(row, where, "empty_respondent"))
    elif value in reading.first_row:
        first = reading.first_row[value]
        reading.problems.append(
            problem(row, where, "duplicate_respondent", value=value, first=first)
        )
    else:
        reading.first_row[value] = row
        return value
    return None


def parse_responses_csv(
    model: CapabilityModel, data: bytes | str, rules: Rules | None = None
) -> ParsedResponses:
    """All respondents of a Responses CSV, or ResponsesCSVError listing every problem."""
    rows = _rows(_decode(data))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ResponsesCSVError([problem(1, None, "no_header")])
    reading = _header(model, rows[0])
    reading.rules = rules or Rules()
    records: list[tuple[int, RespondentRecord | None]] = []
    for row, cells in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in cells):
            _width(reading, row, cells)
            records.append((row, _record(reading, row, cells)))
    if reading.problems:
        raise ResponsesCSVError(reading.problems)
    kept = [(row, record) for row, record in records if record is not None]
    return ParsedResponses(
        tuple(record for _row, record in kept), tuple(row for row, _record in kept)
    )


def _is_formula_like(text: str) -> bool:
    # A quote before a formula-like text is itself quoted, so that reading undoes exactly one.
    return text.startswith(FORMULA_STARTS) or (text.startswith("'") and _is_formula_like(text[1:]))


def neutralise(text: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula."""
    return "'" + text if _is_formula_like(text) else text
