"""Write the Responses CSV of PRODUCT.md §5, one row per respondent (read: responses_csv.py)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.records import GROUPINGS, AspectAnswer, RespondentRecord, Value
from partnerscan.scoring.responses_csv import PARTS, neutralise


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
