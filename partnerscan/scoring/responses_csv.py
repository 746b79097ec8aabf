"""The Responses CSV of PRODUCT.md §5: one row per respondent, read and written.

Reading accepts UTF-8 with or without a byte order mark, commas or semicolons (Dutch Excel),
`dk` in any case and whitespace around cells. Every problem of a file is reported, each as
`row N, column X: message` with rows numbered as a spreadsheet shows them (header = row 1).
A NUL character is refused in every cell. A caller that knows more (the web import knows the
assessment's roles and departments and the database's field lengths) passes `Rules`, whose
problems are reported in the same way, together with all others.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.records import DK, AspectAnswer, RespondentRecord, Value

GROUPINGS = ("role", "department", "group")
PARTS = ("current", "ambition", "comment")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ResponsesCSVError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedResponses:
    respondents: tuple[RespondentRecord, ...]
    rows: tuple[int, ...] = ()  # each respondent's row, as a spreadsheet numbers it


@dataclass(frozen=True)
class Rules:
    """Checks beyond the file format, for a caller that knows the allowed values.

    `allowed`: per grouping ("role", "department", "group"), the values it may take; an empty
    cell is always allowed. `max_length`: per field ("respondent", a grouping or "comment"), the
    most characters a value may have.
    """

    allowed: Mapping[str, Collection[str]] = field(default_factory=dict)
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
    problems: list[str] = field(default_factory=list)
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


def _where(row: int, columns: Sequence[Column], index: int) -> str:
    name = columns[index].name if index < len(columns) else ""
    return f"row {row}, column {name or column_letter(index)}"


def expected_columns(model: CapabilityModel) -> dict[str, Column]:
    """Every known header, keyed case-insensitively."""
    known = [Column("respondent", "respondent")] + [Column(g, g) for g in GROUPINGS]
    for aspect in model.aspects:
        known += [Column(f"{aspect.code}_{part}", part, aspect.id) for part in PARTS]
    return {column.name.casefold(): column for column in known}


# --- reading ------------------------------------------------------------------------------------


def decode(data: bytes | str) -> str:
    """The file's text, or ResponsesCSVError naming the row of the first byte that is not
    UTF-8."""
    return _decode(data)


def _decode(data: bytes | str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raise ResponsesCSVError(
            [f"row {row}: the file is not UTF-8 text (save it as CSV UTF-8)"]
        ) from None


def sniff_delimiter(text: str) -> str:
    """Semicolon when the header line has more semicolons than commas, else comma."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _rows(text: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return list(reader)
    except csv.Error as exc:
        raise ResponsesCSVError([f"row {reader.line_num}: {exc}"]) from None


def _header(model: CapabilityModel, cells: list[str]) -> _Reading:
    known = expected_columns(model)
    reading = _Reading([])
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip()
        column = known.get(name.casefold(), Column(name, "?" if name else ""))
        reading.columns.append(Column(name, column.field, column.aspect))
        where = _where(1, reading.columns, index)
        if column.field == "?":
            reading.problems.append(f"{where}: unknown column")
        elif name and name.casefold() in seen:
            other = column_letter(seen[name.casefold()])
            reading.problems.append(f"{where}: duplicate column (also column {other})")
        seen.setdefault(name.casefold(), index)
    required = [c for c in known.values() if c.field in ("respondent", "current", "ambition")]
    for column in required:
        if column.name.casefold() not in seen:
            reading.problems.append(f"row 1, column {column.name}: missing column")
    return reading


def parse_value(cell: str) -> Value:
    """A level 1..5, "dk" or None; raises ValueError for anything else."""
    text = cell.strip()
    if not text:
        return None
    if text.casefold() == DK:
        return DK
    if text in ("1", "2", "3", "4", "5"):
        return int(text)
    raise ValueError(f"'{text}' is not 1-5, dk or empty")


def unneutralise(text: str) -> str:
    """Undo `neutralise`, so that an exported file imports unchanged."""
    return text[1:] if text.startswith("'") and _is_formula_like(text[1:]) else text


def _text(cell: str) -> str | None:
    return unneutralise(cell.strip()) or None


def _shown(value: str, most: int = 40) -> str:
    return value if len(value) <= most else value[: most - 1] + "…"


def _broken_rule(rules: Rules, name: str, value: str | None) -> str | None:
    """What is wrong with a text value under the caller's rules, or None."""
    if value is None:
        return None
    most = rules.max_length.get(name)
    if most is not None and len(value) > most:
        return f"{len(value)} characters, at most {most} allowed"
    if name in rules.allowed and value not in rules.allowed[name]:
        options = sorted(rules.allowed[name])
        if not options:
            return f"'{_shown(value)}' is not allowed here; leave it empty"
        return f"'{_shown(value)}' is not one of: {', '.join(options)}"
    return None


def _checked_text(reading: _Reading, row: int, index: int, name: str, cell: str) -> str | None:
    """The cell's text; a rule it breaks is recorded as a problem of the row and column."""
    value = _text(cell)
    problem = _broken_rule(reading.rules, name, value)
    if problem:
        reading.problems.append(f"{_where(row, reading.columns, index)}: {problem}")
    return value


def _record(reading: _Reading, row: int, cells: list[str]) -> RespondentRecord | None:
    values: dict[str, str | None] = {}
    answers: dict[str, dict[str, Value]] = {}
    comments: dict[str, str | None] = {}
    problems_before = len(reading.problems)
    for index, cell in enumerate(cells):
        column = reading.columns[index] if index < len(reading.columns) else Column("", "")
        if "\x00" in cell:
            # Never meaningful in a CSV, and PostgreSQL refuses it in a text column.
            where = _where(row, reading.columns, index)
            reading.problems.append(f"{where}: contains a NUL character")
            if column.field in ("respondent", *GROUPINGS):
                values.setdefault(column.field, _text(cell))  # no second "empty" problem
        elif column.field in ("current", "ambition") and column.aspect:
            try:
                answers.setdefault(column.aspect, {})[column.field] = parse_value(cell)
            except ValueError as exc:
                reading.problems.append(f"{_where(row, reading.columns, index)}: {exc}")
        elif column.field == "comment" and column.aspect:
            comments[column.aspect] = _checked_text(reading, row, index, "comment", cell)
        elif column.field == "" and cell.strip():
            where = _where(row, reading.columns, index)
            reading.problems.append(f"{where}: a value in a column without a header")
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


def _respondent(reading: _Reading, row: int, value: str | None) -> str | None:
    if not any(c.field == "respondent" for c in reading.columns):
        return None  # reported once, in the header
    index = next(i for i, c in enumerate(reading.columns) if c.field == "respondent")
    where = _where(row, reading.columns, index)
    if value is None:
        reading.problems.append(f"{where}: empty respondent")
    elif value in reading.first_row:
        first = reading.first_row[value]
        reading.problems.append(f"{where}: duplicate respondent '{value}' (also row {first})")
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
        raise ResponsesCSVError(["row 1: the file has no header row"])
    reading = _header(model, rows[0])
    reading.rules = rules or Rules()
    records: list[tuple[int, RespondentRecord | None]] = []
    for row, cells in enumerate(rows[1:], start=2):
        if any(cell.strip() for cell in cells):
            records.append((row, _record(reading, row, cells)))
    if reading.problems:
        raise ResponsesCSVError(reading.problems)
    kept = [(row, record) for row, record in records if record is not None]
    return ParsedResponses(
        tuple(record for _row, record in kept), tuple(row for row, _record in kept)
    )


# --- writing ------------------------------------------------------------------------------------


def _is_formula_like(text: str) -> bool:
    # A quote before a formula-like text is itself quoted, so that reading undoes exactly one.
    return text.startswith(FORMULA_STARTS) or (text.startswith("'") and _is_formula_like(text[1:]))


def neutralise(text: str) -> str:
    """Prefix a single quote to a cell a spreadsheet would run as a formula."""
    return "'" + text if _is_formula_like(text) else text


def _cell(value: Value | str) -> str:
    return "" if value is None else neutralise(str(value))


def header_row(model: CapabilityModel) -> list[str]:
    return ["respondent", *GROUPINGS] + [
        f"{a.code}_{part}" for a in model.aspects for part in PARTS
    ]


def _row(model: CapabilityModel, record: RespondentRecord) -> list[str]:
    cells: list[Value | str] = [record.id, record.role, record.department, record.group]
    for aspect in model.aspects:
        answer = record.answers.get(aspect.id, AspectAnswer())
        cells += [answer.current, answer.ambition, record.comments.get(aspect.id)]
    return [_cell(value) for value in cells]


def write_responses_csv(
    model: CapabilityModel, records: Iterable[RespondentRecord], delimiter: str = ","
) -> str:
    """The Responses CSV text (encode as utf-8-sig for Excel); formula-like cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header_row(model)])
    writer.writerows(_row(model, record) for record in records)
    return out.getvalue()
