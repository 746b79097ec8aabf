"""Reading a partnership register from CSV or XLSX, checked as a whole.

Every problem is reported at once, each as "row N, column X: message" with rows numbered as a
spreadsheet shows them (header = row 1); a file with any problem is refused whole. The checked
rows go to `domain.import_register`, which writes them in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Organisation
from partnerscan.core import languages
from partnerscan.portfolio.checks import partnership_problems
from partnerscan.portfolio.domain import RegisterRow
from partnerscan.portfolio.labels import (
    aliases,
    challenge_names,
    importance_names,
    in_every_language,
    kind_names,
    phase_names,
)
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.portfolio.register_table import COLUMNS, REQUIRED_COLUMNS, SEPARATOR, column_labels
from partnerscan.scoring.responses_csv import (
    ResponsesCSVError,
    column_letter,
    decode,
    sniff_delimiter,
    unneutralise,
)

DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
Cell = Any  # a text, or a number or date from an XLSX cell


class RegisterFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def _where(row: int, column: str | None) -> str:
    if column is None:
        return _("row %(row)d") % {"row": row}
    return _("row %(row)d, column %(column)s") % {"row": row, "column": column}


@dataclass
class _Reading:
    organisation: Organisation
    header: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(f"{_where(row, column)}: {message}")


# --- the file's rows ---------------------------------------------------------------------------


def file_rows(data: bytes, filename: str) -> list[list[Cell]]:
    """The file's rows as cells; RegisterFileError when it cannot be read at all."""
    if filename.lower().endswith(".xlsx"):
        return _xlsx_rows(data)
    try:
        text = decode(data)
    except ResponsesCSVError as exc:
        raise RegisterFileError(exc.problems_in(_lang())) from None
    delimiter = sniff_delimiter(text)
    if text.startswith("sep="):
        text = text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Cell]] = []
    try:
        rows.extend(reader)
    except csv.Error:
        message = _(
            "a quote opens here and is never closed, or a quote inside a value is not doubled"
        )
        raise RegisterFileError([f"{_where(len(rows) + 1, None)}: {message}"]) from None
    return rows


def _lang() -> str:
    return languages.of(get_language())


def _xlsx_rows(data: bytes) -> list[list[Cell]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a file it cannot read
        raise RegisterFileError([_("The file is not an XLSX workbook.")]) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    return unneutralise(str(cell).strip())


def _is_label_row(cells: Sequence[Cell], header: Sequence[str]) -> bool:
    """The second header row of our own XLSX export: what each column means, in any language."""
    texts = [_text(c).casefold() for c in cells]
    for lang in ("nl", "en"):
        with translation.override(lang):
            labels = column_labels()
        if texts[: len(header)] == [labels.get(h, "").casefold() for h in header]:
            return True
    return False


# --- reading -----------------------------------------------------------------------------------


def read_register(organisation: Organisation, data: bytes, filename: str) -> list[RegisterRow]:
    """The checked rows of a register file; RegisterFileError naming every problem."""
    rows = file_rows(data, filename)
    reading = _Reading(organisation)
    numbered = [(n, r) for n, r in enumerate(rows, 1) if any(_text(c) for c in r)]
    if not numbered or numbered[0][0] != 1:
        raise RegisterFileError([f"{_where(1, None)}: {_('the file has no header row')}"])
    _read_header(reading, numbered[0][1])
    if reading.problems:
        raise RegisterFileError(reading.problems)
    body = numbered[1:]
    if body and body[0][0] == 2 and _is_label_row(body[0][1], reading.header):
        body = body[1:]
    parser = _RowParser(reading)
    checked = [row for number, cells in body if (row := parser.row(number, cells)) is not None]
    if reading.problems:
        raise RegisterFileError(reading.problems)
    return checked


def _read_header(reading: _Reading, cells: Sequence[Cell]) -> None:
    seen: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _text(cell).casefold()
        if not name:
            reading.header.append("")
            continue
        where = name if name in COLUMNS else column_letter(index)
        if name not in COLUMNS:
            reading.problem(1, _text(cell) or where, _("unknown column"))
        elif name in seen:
            reading.problem(1, where, _("duplicate column"))
        seen.setdefault(name, index)
        reading.header.append(name)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            reading.problem(1, name, _("missing column"))


class _RowParser:
    """Turns the cells of one row into a partnership's fields, noting each problem."""

    def __init__(self, reading: _Reading) -> None:
        self.reading = reading
        organisation = reading.organisation
        self.challenges = aliases(in_every_language(challenge_names))
        self.phases = aliases(in_every_language(phase_names))
        self.kinds = aliases(in_every_language(kind_names))
        self.importances = aliases(in_every_language(importance_names))
        self.departments = {d.casefold(): d for d in organisation.departments}
        self.members = {
            m.user.email.casefold(): m for m in organisation.memberships.select_related("user")
        }
        self.existing = {p.name.casefold(): p for p in organisation.partnerships.all()}
        self.first_row: dict[str, int] = {}
        self.kind_given: dict[str, tuple[str, int]] = {}

    def row(self, number: int, cells: Sequence[Cell]) -> RegisterRow | None:
        values = {
            name: cells[index] if index < len(cells) else None
            for index, name in enumerate(self.reading.header)
            if name
        }
        extra = [c for c in cells[len(self.reading.header) :] if _text(c)]
        if extra:
            self.reading.problem(number, None, _("a value in a column without a header"))
        before = len(self.reading.problems)
        fields: dict[str, Any] = {}
        for column, value in values.items():
            target = COLUMNS[column]
            if target is not None:
                self._field(number, column, target, value, fields)
        if "owner" in values:
            self._owner(number, values["owner"], fields)
        partners, kinds = self._partners(number, values)
        name = str(fields.get("name", ""))
        self._unique(number, name)
        if len(self.reading.problems) > before:
            return None
        self._semantic(number, fields)
        return RegisterRow(name, fields, partners, kinds)

    def _field(
        self, row: int, column: str, target: str, cell: Cell, fields: dict[str, Any]
    ) -> None:
        try:
            fields[target] = self._value(target, cell)
        except ValueError as exc:
            self.reading.problem(row, column, str(exc))

    def _value(self, target: str, cell: Cell) -> Any:
        text = _text(cell)
        if target in ("goal_date", "started_on", "review_on"):
            return _date(cell, text)
        if target in ("challenge_type", "phase", "importance"):
            table = {
                "challenge_type": self.challenges,
                "phase": self.phases,
                "importance": self.importances,
            }[target]
            return _one_of(text, table, default=_DEFAULTS.get(target))
        if target == "review_interval_months":
            return _whole(text)
        if target == "departments":
            return self._departments(text)
        return text

    def _departments(self, text: str) -> list[str]:
        names = [part.strip() for part in text.split(SEPARATOR) if part.strip()]
        unknown = [n for n in names if n.casefold() not in self.departments]
        if unknown:
            raise ValueError(
                _("not a department of the organisation: %(names)s") % {"names": ", ".join(unknown)}
            )
        return [self.departments[n.casefold()] for n in names]

    def _owner(self, row: int, cell: Cell, fields: dict[str, Any]) -> None:
        text = _text(cell)
        member = self.members.get(text.casefold())
        if member is not None:
            fields.update(owner=member, owner_name="")
        elif "@" in text:
            self.reading.problem(
                row, "owner", _("no member has the address '%(text)s'") % {"text": text}
            )
        else:
            fields.update(owner=None, owner_name=text)

    def _partners(
        self, row: int, values: dict[str, Cell]
    ) -> tuple[tuple[str, ...], dict[str, str]]:
        names = [part.strip() for part in _text(values.get("partners")).split(SEPARATOR)]
        kinds = [part.strip() for part in _text(values.get("partner_kinds")).split(SEPARATOR)]
        found: dict[str, str] = {}
        chosen: dict[str, str] = {}
        most = PartnerOrganisation._meta.get_field("name").max_length or 0
        for index, name in enumerate(names):
            if not name:
                continue
            if len(name) > most:
                self.reading.problem(
                    row, "partners", _("a name longer than %(most)d characters") % {"most": most}
                )
            found.setdefault(name.casefold(), name)
            kind_text = kinds[index] if index < len(kinds) else ""
            if kind_text:
                self._kind(row, name, kind_text, chosen)
        if not found:
            self.reading.problem(row, "partners", _("name at least one partner organisation"))
        return tuple(found.values()), chosen

    def _kind(self, row: int, name: str, text: str, chosen: dict[str, str]) -> None:
        kind = self.kinds.get(text.casefold())
        if kind is None:
            self.reading.problem(
                row, "partner_kinds", _("'%(text)s' is not a kind of organisation") % {"text": text}
            )
            return
        earlier = self.kind_given.setdefault(name.casefold(), (kind, row))
        if earlier[0] != kind:
            message = _("%(name)s has another kind in row %(row)d") % {
                "name": name,
                "row": earlier[1],
            }
            self.reading.problem(row, "partner_kinds", message)
        chosen[name.casefold()] = kind

    def _unique(self, row: int, name: str) -> None:
        if not name:
            return
        first = self.first_row.setdefault(name.casefold(), row)
        if first != row:
            self.reading.problem(row, "name", _("the same name as row %(row)d") % {"row": first})

    def _semantic(self, row: int, fields: dict[str, Any]) -> None:
        """The rules of the workflows (checks.py), each problem under its column."""
        current = self.existing.get(str(fields.get("name", "")).casefold())
        problems = partnership_problems(self.reading.organisation, fields, current)
        problems.pop("partners", None)  # read and checked by name above
        columns = {target: column for column, target in COLUMNS.items() if target}
        columns.update(owner="owner", owner_name="owner")
        for name, message in problems.items():
            self.reading.problem(row, columns.get(name, name), message)


_DEFAULTS = {"phase": "exploring", "importance": "2"}


def _one_of(text: str, table: dict[str, str], default: str | None) -> Any:
    if not text and default is not None:
        text = default
    found = table.get(text.casefold())
    if found is None:
        options = sorted({v for v in table.values()})
        raise ValueError(
            _("'%(text)s' is not one of: %(options)s")
            % {"text": text, "options": ", ".join(options)}
        )
    return int(found) if found.isdigit() else found


def _date(cell: Cell, text: str) -> dt.date | None:
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    if not text:
        return None
    day_first = DAY_FIRST.match(text)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            _("'%(text)s' is not a date (write 2026-06-30 or 30-6-2026)") % {"text": text}
        ) from None


def _whole(text: str) -> int | None:
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(_("'%(text)s' is not a whole number of months") % {"text": text})
    return int(text)
