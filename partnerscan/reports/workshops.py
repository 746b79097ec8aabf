"""What the report shows of workshops: the round's own record (`workshop.record`), and in the
trend of a follow-up round the levels agreed in the workshops of the rounds before, as a series
of their own beside the measured means, never mixed into them (docs/workshop.md, "The
record"). `plans.trends` sits below the workshop and cannot know it; the two meet here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerscan.assessments.models import Assessment
from partnerscan.capability.loader import aspect_map
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.rounds import earlier_rounds
from partnerscan.plans.trends import Trend
from partnerscan.workshop.record import WorkshopRecord, records_of


@dataclass(frozen=True)
class AgreedColumn:
    round_title: str
    workshop_title: str
    date: dt.date


@dataclass(frozen=True)
class AgreedCell:
    level: int
    name: str


@dataclass(frozen=True)
class AgreedSeries:
    """Per earlier workshop with agreed levels, a column; `rows` follow `Trend.aspects`."""

    columns: tuple[AgreedColumn, ...]
    rows: tuple[tuple[AgreedCell | None, ...], ...]


def agreed_series(assessment: Assessment, trend: Trend | None, lang: str) -> AgreedSeries | None:
    """None when no earlier round of this model (any version `continues` reaches) had a
    workshop that agreed a level (five queries)."""
    if trend is None:
        return None
    rounds = earlier_rounds(assessment)
    records = records_of(rounds, lang)
    model = assessment.capability_model
    found = [
        (r, record, mapping)
        for r in rounds
        if (mapping := _ours(model, r.capability_model))
        for record in records.get(r.pk, ())
        if record.agreed
    ]
    if not found:
        return None
    columns = tuple(AgreedColumn(r.title, record.title, record.date) for r, record, _m in found)
    rows = tuple(
        tuple(_cell(model, record, mapping.get(row.id), lang) for _r, record, mapping in found)
        for row in trend.aspects
    )
    return AgreedSeries(columns, rows)


def _ours(model: CapabilityModel, other: CapabilityModel) -> dict[str, str]:
    """This round's aspect ids -> those of the earlier round's model; none across models."""
    if other.id != model.id:
        return {}
    return aspect_map(model, other.version) or {}


def _cell(
    model: CapabilityModel, record: WorkshopRecord, old_id: str | None, lang: str
) -> AgreedCell | None:
    level = record.agreed.get(old_id) if old_id else None
    return AgreedCell(level, model.level_name(level, lang)) if level else None
