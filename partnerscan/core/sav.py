"""An SPSS system file (.sav) written row by row, so memory stays flat however many rows.

The format is the uncompressed system file of SPSS 14 and later, as PSPP documents it
("System File Format"): a header, one variable record per 8-byte slot (with the variable's
label and its discrete missing value), the value labels, the machine, display, long-name and
encoding extension records, then the cases, each slot a little-endian double or 8 bytes of
space-padded UTF-8 text. Strings need their width before the first case, so the cases are
written to a temporary file in a first pass that measures every text column, and copied after
the dictionary in a second; neither pass holds more than one row.

`tests/core/test_sav.py` reads what this writes with pyreadstat (ReadStat, which SPSS, R and
Stata users rely on) and compares it with what pandas and pyreadstat wrote before.
"""

from __future__ import annotations

import math
import struct
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

SYSMIS = -1.7976931348623157e308  # SPSS's system-missing value: -DBL_MAX
HIGHEST = 1.7976931348623157e308
LOWEST = -1.7976931348623155e308  # the double just above SYSMIS
MAX_STRING = 255  # longer text is cut: very long strings need segments this writer does not make
MEASURES = {"nominal": 1, "ordinal": 2, "scale": 3}


@dataclass(frozen=True)
class Variable:
    name: str  # the long name, up to 64 bytes
    label: str
    numeric: bool
    measure: str  # nominal, ordinal or scale
    missing: tuple[float, ...] = ()  # discrete user-missing values, at most 3
    value_labels: Mapping[float, str] | None = None


def write(out: IO[bytes], variables: Sequence[Variable], rows: Iterable[Sequence[Any]]) -> int:
    """Write the file; the number of cases. A row holds per variable a float (NaN: missing)
    or, for a text variable, a string."""
    texts = [i for i, v in enumerate(variables) if not v.numeric]
    widths = dict.fromkeys(texts, 1)
    with tempfile.TemporaryFile() as spool:
        cases = 0
        for row in rows:
            encoded = _first_pass(row, variables, widths)
            spool.write(encoded)
            cases += 1
        slots = [_slots(variables[i], widths.get(i, 0)) for i in range(len(variables))]
        out.write(_header(sum(slots), cases))
        names = _short_names(len(variables))
        index, firsts = 1, []
        for variable, short, width, count in zip(
            variables, names, _widths(variables, widths), slots, strict=True
        ):
            firsts.append(index)
            out.write(_variable(variable, short, width))
            for _ in range(count - 1):
                out.write(_continuation())
            index += count
        for variable, first in zip(variables, firsts, strict=True):
            if variable.value_labels:
                out.write(_value_labels(variable.value_labels, first))
        out.write(_extensions(variables, names, _widths(variables, widths)))
        out.write(struct.pack("<ii", 999, 0))
        spool.seek(0)
        _second_pass(spool, out, variables, widths, cases)
    return cases


# --- first pass: rows to a spool, text widths measured --------------------------------------


def _first_pass(row: Sequence[Any], variables: Sequence[Variable], widths: dict[int, int]) -> bytes:
    """One row as: per numeric a double, per text its length (uint16) and bytes."""
    parts = []
    for i, (variable, value) in enumerate(zip(variables, row, strict=True)):
        if variable.numeric:
            number = SYSMIS if value is None or math.isnan(value) else float(value)
            parts.append(struct.pack("<d", number))
        else:
            data = _cut(str(value or ""))
            widths[i] = max(widths[i], len(data))
            parts.append(struct.pack("<H", len(data)) + data)
    return b"".join(parts)


def _cut(text: str) -> bytes:
    """UTF-8, cut to MAX_STRING bytes on a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= MAX_STRING:
        return data
    return data[:MAX_STRING].decode("utf-8", errors="ignore").encode("utf-8")


def _second_pass(
    spool: IO[bytes],
    out: IO[bytes],
    variables: Sequence[Variable],
    widths: dict[int, int],
    cases: int,
) -> None:
    """The spooled rows as cases: doubles as they are, text padded to its slots."""
    read = _Reader(spool)
    for _ in range(cases):
        parts = []
        for i, variable in enumerate(variables):
            if variable.numeric:
                parts.append(read.take(8))
            else:
                (length,) = struct.unpack("<H", read.take(2))
                size = 8 * math.ceil(widths[i] / 8)
                parts.append(read.take(length).ljust(size, b" "))
        out.write(b"".join(parts))


class _Reader:
    """Buffered exact reads from the spool."""

    def __init__(self, spool: IO[bytes]) -> None:
        self.spool, self.buffer, self.at = spool, b"", 0

    def take(self, size: int) -> bytes:
        if self.at + size > len(self.buffer):
            self.buffer = self.buffer[self.at :] + self.spool.read(max(size, 1 << 16))
            self.at = 0
        data = self.buffer[self.at : self.at + size]
        self.at += size
        return data


# --- the dictionary -------------------------------------------------------------------------


def _widths(variables: Sequence[Variable], widths: dict[int, int]) -> list[int]:
    return [0 if v.numeric else widths[i] for i, v in enumerate(variables)]


def _slots(variable: Variable, width: int) -> int:
    return 1 if variable.numeric else math.ceil(width / 8)


def _short_names(count: int) -> list[str]:
    """Unique 8-byte names; the real names go in the long-name record."""
    return [f"V{i}" for i in range(1, count + 1)]


def _space(text: bytes, size: int) -> bytes:
    return text[:size].ljust(size, b" ")


def _header(slots: int, cases: int) -> bytes:
    product = b"@(#) SPSS DATA FILE partnerscan"
    return b"".join(
        (
            b"$FL2",
            _space(product, 60),
            struct.pack("<iiiii", 2, slots, 0, 0, cases),
            struct.pack("<d", 100.0),
            b"01 Jan 70",  # a fixed date and time: the same rows give the same file
            b"00:00:00",
            _space(b"", 64),
            b"\0\0\0",
        )
    )


def _format(variable: Variable, width: int) -> int:
    """Print and write format: F8.2 for numbers (F8.0 for whole ones would hide decimals of
    means), A<width> for text."""
    if variable.numeric:
        return (5 << 16) | (8 << 8) | 2
    return (1 << 16) | (width << 8)


def _variable(variable: Variable, short: str, width: int) -> bytes:
    label = variable.label.encode("utf-8")[:255]
    missing = variable.missing if variable.numeric else ()
    fmt = _format(variable, width)
    record = struct.pack(
        "<iiiiii", 2, 0 if variable.numeric else width, 1 if label else 0, len(missing), fmt, fmt
    ) + _space(short.encode("ascii"), 8)
    if label:
        record += struct.pack("<i", len(label)) + label.ljust(4 * math.ceil(len(label) / 4), b" ")
    return record + b"".join(struct.pack("<d", value) for value in missing)


def _continuation() -> bytes:
    return struct.pack("<iiiiii", 2, -1, 0, 0, 0, 0) + b" " * 8


def _value_labels(labels: Mapping[float, str], index: int) -> bytes:
    parts = [struct.pack("<ii", 3, len(labels))]
    for value, text in labels.items():
        data = text.encode("utf-8")[:120]
        size = 8 * math.ceil((len(data) + 1) / 8)
        parts.append(struct.pack("<dB", float(value), len(data)) + data.ljust(size - 1, b" "))
    parts.append(struct.pack("<iii", 4, 1, index))
    return b"".join(parts)


def _extension(subtype: int, size: int, data: bytes) -> bytes:
    return struct.pack("<iiii", 7, subtype, size, len(data) // size) + data


def _extensions(
    variables: Sequence[Variable], names: Sequence[str], widths: Sequence[int]
) -> bytes:
    machine = struct.pack("<8i", 20, 0, 0, -1, 1, 1, 2, 65001)
    floats = struct.pack("<3d", SYSMIS, HIGHEST, LOWEST)
    display = b"".join(
        # measure, display width, alignment (numbers right, text left)
        struct.pack(
            "<3i", MEASURES[v.measure], 8 if v.numeric else min(max(w, 1), 32), int(v.numeric)
        )
        for v, w in zip(variables, widths, strict=True)
    )
    long_names = "\t".join(f"{short}={v.name}" for short, v in zip(names, variables, strict=True))
    return b"".join(
        (
            _extension(3, 4, machine),
            _extension(4, 8, floats),
            _extension(11, 4, display),
            _extension(13, 1, long_names.encode("utf-8")),
            _extension(20, 1, b"UTF-8"),
        )
    )
