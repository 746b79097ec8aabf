"""The researcher's two tables: the pooled answers of a version, and its reliability figures.

What a row carries and what never does: see pool/research.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from partnerscan.assessments.export_rows import CHUNK, level_columns
from partnerscan.assessments.models import as_value
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.tables import Column, Kind, Table
from partnerscan.pool.research import (
    GroupCells,
    PooledRound,
    PoolReliability,
    Respondent,
    answers_of,
    group_cells,
    respondents_of,
    rounds_of,
)


def _pool_columns(model: CapabilityModel, lang: str) -> list[Column]:
    columns = [
        Column(
            "organisation", _("Organisation (a pseudonym, or the name if it allows it)"), "text"
        ),
        Column("sector", _("Sector of the organisation"), "text"),
        Column("size", _("Size: small, medium, large or xlarge"), "text"),
        Column("round", _("Round within the organisation (1 = earliest pooled)"), "number"),
        Column("role", _("Role"), "text"),
        Column("group", _("Internal or external"), "text"),
    ]
    return columns + level_columns(model, lang)


def _chunks(respondents: Sequence[Respondent]) -> Iterator[Sequence[Respondent]]:
    for start in range(0, len(respondents), CHUNK):
        yield respondents[start : start + CHUNK]


def _pool_rows(
    model: CapabilityModel,
    rounds: Sequence[PooledRound],
    respondents: Sequence[Respondent],
    cells: GroupCells,
) -> Iterator[list[Any]]:
    aspects = [aspect.id for aspect in model.aspects]
    for chunk in _chunks(respondents):
        answers = answers_of(chunk)
        for pk, i, role, group in chunk:
            r = rounds[i]
            row: list[Any] = [r.organisation, r.sector, r.size, r.number, *cells(i, role, group)]
            given = answers.get(pk, {})
            for aspect in aspects:
                current, ambition = given.get(aspect, (None, None))
                row += [as_value(current), as_value(ambition)]
            yield row


def pool_table(model_ref: str, lang: str) -> Table:
    """One row per pooled respondent of the version; labels in `lang`."""
    model = get_model(model_ref)
    rounds = rounds_of(model_ref)
    respondents = respondents_of(rounds)
    return Table(
        title=_("Research pool"),
        columns=tuple(_pool_columns(model, lang)),
        # group_cells runs now, not when the first row is pulled, so "other" is translated in
        # the export's language rather than in whatever language streams the file.
        rows=_pool_rows(model, rounds, respondents, group_cells(rounds, respondents)),
        level_names=tuple(level.name.get(lang) for level in model.levels),
    )


# What the row names, then its figures: its own reliability, the agreement within
# organisations (ICC) with what it counted, and the size of the pool behind them all.
RELIABILITY_COLUMNS: tuple[tuple[str, Kind], ...] = (
    *((name, "text") for name in ("row", "condition", "aspect", "code", "name")),
    *((name, "number") for name in ("alpha", "alpha_n", "item_total_r", "item_total_n")),
    *((name, "number") for name in ("icc1", "icc2", "k0", "organisations", "respondents")),
    *((name, "number") for name in ("pool_organisations", "pool_rounds", "pool_respondents")),
)


def _row(**values: Any) -> list[Any]:
    return [values.get(name) for name, _kind in RELIABILITY_COLUMNS]


def _reliability_rows(pool: PoolReliability, lang: str) -> Iterator[list[Any]]:
    totals = {
        "pool_organisations": pool.organisations,
        "pool_rounds": pool.rounds,
        "pool_respondents": pool.respondents,
    }
    for condition, figures in zip(pool.model.conditions, pool.conditions, strict=True):
        icc = figures.icc
        yield _row(
            row="condition",
            condition=condition.id,
            code=condition.code,
            name=condition.name.get(lang),
            alpha=figures.alpha,
            alpha_n=figures.alpha_n,
            icc1=icc.icc1,
            icc2=icc.icc2,
            k0=icc.k0,
            organisations=icc.groups,
            respondents=icc.n,
            **totals,
        )
        for aspect, item in zip(condition.aspects, figures.items, strict=True):
            yield _row(
                row="aspect",
                condition=condition.id,
                aspect=aspect.id,
                code=aspect.code,
                name=aspect.name.get(lang),
                item_total_r=item.r,
                item_total_n=item.n,
                **totals,
            )


def reliability_table(pool: PoolReliability, lang: str) -> Table:
    """One row per condition (alpha, ICCs) followed by its aspects (item–total r)."""
    return Table(
        title=_("Reliability"),
        columns=tuple(
            Column(name, name.replace("_", " "), kind) for name, kind in RELIABILITY_COLUMNS
        ),
        rows=_reliability_rows(pool, lang),
        level_names=tuple(level.name.get(lang) for level in pool.model.levels),
    )
