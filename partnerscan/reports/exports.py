"""The two export tables of a round, each a list of typed columns and lazily produced rows.

One table feeds every format (core/files.py). Rows are produced in chunks, so a
100,000-respondent export never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partnerscan.assessments.export_rows import (
    CHUNK,
    CombinationCells,
    combination_cells,
    level_columns,
)
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response, as_value
from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.tables import Column, Kind, Table
from partnerscan.reports.build import Report
from partnerscan.reports.partners import PartnerRow
from partnerscan.scoring.records import GROUPINGS

# --- responses ----------------------------------------------------------------------------------


def _response_columns(model: CapabilityModel, lang: str) -> list[Column]:
    # No comment columns: a row carries role, department and group, and comments never
    # travel with those (docs/method.md, Anonymity). Comments are in the dashboard and the PDF.
    columns = [
        Column("respondent", _("Respondent (a sequence number, not linked to any person)"), "text"),
        Column("role", _("Role"), "text"),
        Column("department", _("Department"), "text"),
        Column("group", _("Internal or external"), "text"),
    ]
    return columns + level_columns(model, lang)


def group_columns(assessment: Assessment) -> CombinationCells:
    """What a row may show of role, department and group: the combination pooled with the
    round's k (assessments/export_rows.py)."""
    sizes = (
        Response.objects.filter(assessment=assessment)
        .counting()
        .values_list(*GROUPINGS)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return combination_cells({tuple(row[:3]): row[3] for row in sizes}, assessment.min_group)


def _chunks(assessment: Assessment) -> Iterator[list[tuple[Any, ...]]]:
    """Counting responses in id order: random UUIDs, so a random order with no link to time
    or invitation, and the same on every download. A submission without a numeric answer
    is left out, as it counts nowhere."""
    responses = Response.objects.filter(assessment=assessment).counting().order_by("id")
    last = None
    while True:
        page = responses if last is None else responses.filter(id__gt=last)
        chunk = list(page.values_list("id", *GROUPINGS)[:CHUNK])
        if not chunk:
            return
        yield chunk
        last = chunk[-1][0]


def _answers(
    chunk: list[tuple[Any, ...]], position: dict[str, int], width: int
) -> dict[Any, list[Any]]:
    """Per response of the chunk its level cells in the columns' order (current, ambition per
    aspect), filled in place: one dictionary look-up per answer, no object per answer."""
    rows = Answer.objects.filter(response_id__in=[row[0] for row in chunk]).values_list(
        "response_id", "aspect", "current", "ambition"
    )
    by_response: dict[Any, list[Any]] = {}
    for response_id, aspect, current, ambition in rows:
        cells = by_response.get(response_id)
        if cells is None:
            cells = by_response[response_id] = [None] * width
        at = position.get(aspect)
        if at is not None:  # an aspect the model no longer has is in no column
            cells[at] = VALUES.get(current, current)
            cells[at + 1] = VALUES.get(ambition, ambition)
    return by_response


VALUES: dict[int | None, Any] = {code: as_value(code) for code in (None, 1, 2, 3, 4, 5, DONT_KNOW)}


def _response_rows(
    assessment: Assessment, model: CapabilityModel, total: int, groups: CombinationCells
) -> Iterator[list[Any]]:
    position = {aspect.id: 2 * i for i, aspect in enumerate(model.aspects)}
    width = 2 * len(position)
    blank = [None] * width
    digits = len(str(total))
    number = 0
    for chunk in _chunks(assessment):
        answers = _answers(chunk, position, width)
        for response_id, role, department, group in chunk:
            number += 1
            yield [
                f"R{number:0{digits}d}",
                *groups((role, department, group)),
                *answers.get(response_id, blank),
            ]


def responses_table(assessment: Assessment, lang: str, count: int) -> Table:
    """One row per respondent in the Responses CSV's columns (docs/formats.md); respondents
    numbered R1, R2, …

    Built without scoring: a raw export needs only the count (for the 3-respondent rule).
    """
    model = assessment.capability_model
    return Table(
        title=_("Responses"),
        columns=tuple(_response_columns(model, lang)),
        # group_columns runs now, not when the first row is pulled, so "other" is translated
        # in the report's language rather than in whatever language streams the file.
        rows=_response_rows(assessment, model, count, group_columns(assessment)),
        level_names=tuple(level.name.get(lang) for level in model.levels),
    )


# --- results ------------------------------------------------------------------------------------

RESULT_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("organisation", "text"),
    ("assessment", "text"),
    ("model", "text"),
    ("row", "text"),
    ("id", "text"),
    ("code", "text"),
    ("name", "text"),
    ("condition", "text"),
    ("respondents", "number"),
    *((f"current_{s}", "number") for s in ("n", "dont_know", "mean", "median", "sd")),
    *((f"current_count_{level}", "number") for level in range(1, 6)),
    *((f"ambition_{s}", "number") for s in ("n", "dont_know", "mean", "median", "sd")),
    *((f"ambition_count_{level}", "number") for level in range(1, 6)),
    ("gap_n", "number"),
    ("gap_mean", "number"),
    ("gap_median", "number"),
    ("ad_m", "number"),
    ("rwg", "number"),
    ("views_differ", "flag"),
    ("insufficient_view", "flag"),
    ("weight", "number"),
    ("priority", "number"),
    ("lead", "number"),
    ("level", "number"),
    ("alpha", "number"),
    ("alpha_n", "number"),
    # The partner view (docs/method.md, "Partner view"): rows partner_aspect, partner_condition
    # and partner_group; on aspect rows what a blind spot added to the priority.
    ("partner_n", "number"),
    ("partner_dont_know", "number"),
    ("partner_mean", "number"),
    ("partner_sd", "number"),
    *((f"partner_count_{level}", "number") for level in range(1, 6)),
    ("difference", "number"),
    ("difference_low", "number"),
    ("difference_high", "number"),
    ("difference_p", "number"),
    ("larger_than_chance", "flag"),
    ("verdict", "text"),
    ("group", "text"),
    ("partner_addition", "number"),
)
COLUMN_INDEX = {name: i for i, (name, _kind) in enumerate(RESULT_COLUMNS)}


def _result_row(report: Report, kind: str, **values: Any) -> list[Any]:
    row: list[Any] = [None] * len(RESULT_COLUMNS)
    context = {
        "organisation": report.assessment.organisation.name,
        "assessment": report.assessment.title,
        "model": report.model.ref,
        "row": kind,
        "respondents": report.respondents,
    }
    for name, value in {**context, **values}.items():
        row[COLUMN_INDEX[name]] = value
    return row


def _distribution(prefix: str, dist: Any) -> dict[str, Any]:
    values = {f"{prefix}_{s}": getattr(dist, s) for s in ("n", "dont_know", "mean", "median", "sd")}
    for level, count in enumerate(dist.counts or (None,) * 5, start=1):
        values[f"{prefix}_count_{level}"] = count  # empty below 3 numeric answers
    return values


def _aspect_rows(report: Report) -> Iterator[list[Any]]:
    results = report.results
    assert results is not None
    rank = {lead.aspect_id: i for i, lead in enumerate(report.leads, start=1)}
    added = {lead.aspect_id: lead.partner_addition for lead in report.leads}
    for row in report.aspects:
        a = row.result
        yield _result_row(
            report,
            "aspect",
            id=a.id,
            code=a.code,
            name=row.name,
            condition=a.condition,
            **_distribution("current", a.current),
            **_distribution("ambition", a.ambition),
            gap_n=a.gap.n,
            gap_mean=a.gap.mean,
            gap_median=a.gap.median,
            ad_m=a.agreement.ad_m,
            rwg=a.agreement.rwg,
            views_differ=a.agreement.views_differ,
            insufficient_view=a.insufficient_view,
            weight=a.weight,
            priority=a.priority,
            lead=rank.get(a.id),
            partner_addition=added.get(a.id),
        )


def _result_rows(report: Report) -> Iterator[list[Any]]:
    results = report.results
    assert results is not None
    overall = results.overall
    yield _result_row(
        report,
        "overall",
        current_mean=overall.current.mean,
        ambition_mean=overall.ambition.mean,
        level=overall.level,
        condition=overall.weakest_condition,
    )
    codes = {c.id: c.code for c in report.model.conditions}
    for shown, c in zip(report.conditions, results.conditions, strict=True):
        yield _result_row(
            report,
            "condition",
            id=c.id,
            code=codes[c.id],
            name=shown.name,
            current_n=c.current.n,
            current_mean=c.current.mean,
            ambition_n=c.ambition.n,
            ambition_mean=c.ambition.mean,
            level=c.level,
            alpha=c.alpha,
            alpha_n=c.alpha_n,
        )
    yield from _aspect_rows(report)
    yield from _partner_rows(report)


def _partner_side(row: PartnerRow) -> dict[str, Any]:
    values = {
        "current_n": row.own.n,
        "current_dont_know": getattr(row.own, "dont_know", None),
        "current_mean": row.own.mean,
        "current_sd": row.own.sd,
        "partner_n": row.partners.n,
        "partner_dont_know": getattr(row.partners, "dont_know", None),
        "partner_mean": row.partners.mean,
        "partner_sd": row.partners.sd,
        "difference": row.difference,
        "difference_low": row.low,
        "difference_high": row.high,
        "difference_p": row.p,
        "larger_than_chance": row.larger_than_chance,
        "verdict": row.verdict,
    }
    counts = getattr(row.partners, "counts", None) or (None,) * 5
    for level, count in enumerate(counts, start=1):
        values[f"partner_count_{level}"] = count
    return values


def _partner_rows(report: Report) -> Iterator[list[Any]]:
    """The partner view: own and partners' figures per condition and aspect, then the shown
    groups of partners (each figure on at least k partners' answers)."""
    section = report.partners
    if section is None or section.view is None:
        return
    view, model = section.view, report.model
    codes = {c.id: c.code for c in model.conditions} | {a.id: a.code for a in model.aspects}
    for kind, rows in (
        ("partner_condition", section.conditions),
        ("partner_aspect", section.aspects),
    ):
        for row in rows:
            yield _result_row(
                report,
                kind,
                id=row.id,
                code=codes[row.id],
                name=row.name,
                condition=row.condition_id,
                **_partner_side(row),
            )
    for table, breakdown in zip(
        section.breakdowns, (view.by_organisation, view.by_kind), strict=True
    ):
        if table.suppressed:
            continue
        for (label, _n), group in zip(table.groups, breakdown.groups, strict=True):
            for aspect in group.aspects:
                if aspect.mean is None:
                    continue
                yield _result_row(
                    report,
                    "partner_group",
                    id=aspect.id,
                    code=codes[aspect.id],
                    name=table.title,
                    group=label,
                    partner_n=aspect.n,
                    partner_mean=aspect.mean,
                )


def result_labels() -> dict[str, str]:
    """What each results column means, in the active language (the SPSS variable labels)."""
    labels = {
        "organisation": _("Organisation"),
        "assessment": _("Assessment"),
        "model": _("Model"),
        "row": _("Kind of row (overall, condition or aspect)"),
        "id": _("Identifier"),
        "code": _("Code"),
        "name": _("Name"),
        "condition": _("Condition"),
        "respondents": _("Respondents"),
        "gap_n": _("Gap: number of answers"),
        "gap_mean": _("Gap: mean"),
        "gap_median": _("Gap: median"),
        "ad_m": _("Average deviation (AD M)"),
        "rwg": _("Agreement (r WG)"),
        "views_differ": _("Views differ"),
        "insufficient_view": _("Too few answers for a view"),
        "weight": _("Weight"),
        "priority": _("Priority"),
        "lead": _("Lead (rank)"),
        "level": _("Level"),
        "alpha": _("Alpha"),
        "alpha_n": _("Alpha over respondents"),
        "partner_n": _("Partners: number of answers"),
        "partner_dont_know": _("Partners: don't know"),
        "partner_mean": _("Partners: mean"),
        "partner_sd": _("Partners: standard deviation"),
        "difference": _("Own mean minus partners' mean"),
        "difference_low": _("Difference: 95% interval, low"),
        "difference_high": _("Difference: 95% interval, high"),
        "difference_p": _("Difference: p (Welch)"),
        "larger_than_chance": _("Difference larger than chance"),
        "verdict": _("Reading (blind_spot, hidden_strength, same)"),
        "group": _("Group of partners"),
        "partner_addition": _("Added to the priority by a blind spot"),
    }
    for level in range(1, 6):
        labels[f"partner_count_{level}"] = _("Partners: answers at level %(level)d") % {
            "level": level
        }
    stats = {
        "n": _("number of answers"),
        "dont_know": _("don't know"),
        "mean": _("mean"),
        "median": _("median"),
        "sd": _("standard deviation"),
    }
    for part in ("current", "ambition"):
        word = (
            pgettext("level column", "now")
            if part == "current"
            else pgettext("level column", "ambition")
        )
        for stat, label in stats.items():
            labels[f"{part}_{stat}"] = f"{word}: {label}"
        for level in range(1, 6):
            count = _("answers at level %(level)d") % {"level": level}
            labels[f"{part}_count_{level}"] = f"{word}: {count}"
    return labels


def results_table(report: Report) -> Table:
    """The engine's numbers: one overall row, one per condition, one per aspect."""
    labels = result_labels()
    return Table(
        title=_("Results"),
        columns=tuple(Column(name, labels[name], kind) for name, kind in RESULT_COLUMNS),
        rows=_result_rows(report),
        level_names=report.level_names,
    )
