"""Counts of a round and its results from the scoring engine, in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Invitation, Response
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import Labels, ResponseMatrix, Results, score
from partnerscan.scoring.matrix import DK_CODE
from partnerscan.scoring.options import MIN_RESPONDENTS
from partnerscan.scoring.stats import round_half_up

# Stored answer code → the engine's code (0 not answered, 1..5, 6 don't know).
ENGINE_CODE = np.zeros(DONT_KNOW + 1, dtype=np.int8)
ENGINE_CODE[1:6] = np.arange(1, 6)
ENGINE_CODE[DONT_KNOW] = DK_CODE


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A correlated COUNT(*) per assessment; subqueries keep the joins from multiplying."""
    counted = queryset.filter(assessment=OuterRef("pk")).order_by().values("assessment")
    return Coalesce(
        Subquery(counted.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
    )


def with_counts(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Assessments with `invited` and `submitted` counts, in the same single query."""
    return assessments.annotate(
        invited=_count(Invitation.objects.all()),
        submitted=_count(Response.objects.filter(submitted=True)),
    )


def invitation_counts(assessment: Assessment) -> dict[str, int]:
    """How many were invited, started and submitted, and how many responses were imported."""
    counts = assessment.invitations.aggregate(
        invited=Count("pk"),
        started=Count("pk", filter=Q(started_on__isnull=False)),
        submitted=Count("pk", filter=Q(submitted_on__isnull=False)),
    )
    # Submitted only: an import still being written counts nowhere (assessments/imports.py).
    counts["imported"] = assessment.responses.filter(imported=True, submitted=True).count()
    return counts


def response_rate(counts: dict[str, int]) -> float | None:
    return counts["submitted"] / counts["invited"] if counts["invited"] else None


def matrices(rounds: Sequence[Assessment]) -> dict[int, ResponseMatrix]:
    """The submitted answers of each round, by round id: two queries for all rounds together
    (the responses, then all their answers)."""
    rows: dict[int, list[tuple[Any, str, str, str]]] = defaultdict(list)
    responses = Response.objects.filter(assessment__in=rounds, submitted=True).order_by("id")
    where: dict[object, tuple[int, int]] = {}
    for pk, assessment_id, role, department, group in responses.values_list(
        "id", "assessment_id", "role", "department", "group"
    ):
        where[pk] = (assessment_id, len(rows[assessment_id]))
        rows[assessment_id].append((pk, role, department, group))
    columns = {a.pk: {x.id: j for j, x in enumerate(a.capability_model.aspects)} for a in rounds}
    codes = {
        a.pk: np.zeros((2, len(rows[a.pk]), len(columns[a.pk])), dtype=np.int8) for a in rounds
    }
    answers = Answer.objects.filter(response__assessment__in=rounds, response__submitted=True)
    for response_id, aspect, now, wanted in answers.values_list(
        "response_id", "aspect", "current", "ambition"
    ).iterator(chunk_size=5000):
        assessment_id, i = where[response_id]
        j = columns[assessment_id].get(aspect)
        if j is not None:  # an aspect not in the pinned model cannot be scored
            codes[assessment_id][0, i, j] = ENGINE_CODE[now or 0]
            codes[assessment_id][1, i, j] = ENGINE_CODE[wanted or 0]
    return {a.pk: _matrix(a.capability_model, codes[a.pk], rows[a.pk]) for a in rounds}


def _matrix(
    model: CapabilityModel, codes: np.ndarray[Any, Any], rows: list[tuple[Any, str, str, str]]
) -> ResponseMatrix:
    labels = (Labels.from_values([row[k] for row in rows]) for k in (1, 2, 3))
    return ResponseMatrix.from_arrays([a.id for a in model.aspects], codes[0], codes[1], *labels)


def scored(assessment: Assessment, matrix: ResponseMatrix, lang: str) -> Results | None:
    """The engine's results of a round's matrix; None below 3 respondents (no results at all)."""
    if matrix.respondents < MIN_RESPONDENTS:
        return None
    shares = {key: float(value) for key, value in (assessment.shares or {}).items()}
    return score(
        assessment.capability_model,
        matrix,
        shares=shares,
        min_group=assessment.min_group,
        lang=lang,
    )


def assessment_results(assessment: Assessment, lang: str) -> Results | None:
    """The engine's results over submitted responses; None below 3 (no results at all)."""
    return scored(assessment, matrices([assessment])[assessment.pk], lang)


@dataclass(frozen=True)
class Row:
    """One line of the results table: a name with its now and ambition means and levels."""

    name: str
    current: float | None
    current_level: str
    ambition: float | None
    ambition_level: str


def level_name(model: CapabilityModel, mean: float | None, lang: str) -> str:
    level = round_half_up(mean)
    return model.level_name(level, lang) if level else ""


def summary_rows(model: CapabilityModel, results: Results, lang: str) -> list[Row]:
    """Per condition, in model order, for the basic results table."""
    names = {c.id: c.name.get(lang) for c in model.conditions}
    return [
        Row(
            names[c.id],
            c.current.mean,
            level_name(model, c.current.mean, lang),
            c.ambition.mean,
            level_name(model, c.ambition.mean, lang),
        )
        for c in results.conditions
    ]


@dataclass(frozen=True)
class LeadRow:
    aspect: str
    condition: str
    level_name: str
    next_step: str


def display(model: CapabilityModel, results: Results, lang: str) -> dict[str, Any]:
    """What the basic results page shows, with names in the reader's language."""
    overall = results.overall
    leads = [
        LeadRow(
            model.aspect(lead.aspect).name.get(lang),
            model.condition_of(lead.aspect).name.get(lang),
            model.level_name(lead.level, lang),
            lead.next_step,
        )
        for lead in results.leads
    ]
    return {
        "overall": Row(
            "",
            overall.current.mean,
            level_name(model, overall.current.mean, lang),
            overall.ambition.mean,
            level_name(model, overall.ambition.mean, lang),
        ),
        "rows": summary_rows(model, results, lang),
        "leads": leads,
    }
