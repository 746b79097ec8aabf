"""The researcher export: the pooled answers of opted-in rounds, and the instrument's reliability.

What enters: submitted responses of closed rounds whose organisation put them in the pool
(`Assessment.in_pool`) and that have at least 3 of them (no results below 3: docs/method.md,
Anonymity).
One capability model version per export: aspects of different versions are not the same items.

What a row carries: an organisation pseudonym (its name only with `Organisation.pool_named`),
the organisation's sector and size, the round's number within the organisation, role and
internal/external group pooled per round as a breakdown is (k of the round), and the answers.
Never department (free text, too identifying), comments, dates or e-mail addresses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

import numpy as np
from django.core.cache import cache
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast
from django.utils.crypto import salted_hmac

from partnerscan.assessments.export_rows import CHUNK, Combination, combination_cells
from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.assessments.visible_results import ENGINE_CODE, count_per_assessment
from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.options import MIN_ORGANISATIONS, MIN_RESPONDENTS
from partnerscan.scoring.reliability import ConditionReliability, reliability

# Rows are pseudonymous, not anonymous: with few organisations, sector and size could point at
# one of them. Below this many organisations a version's data and figures stay inside.
PSEUDONYM_SALT = "partnerscan.pool.research.organisation"
CACHE_SECONDS = 7 * 24 * 3600  # the key changes with the pool; this only bounds the table


class _Submitted(TypedDict):
    submitted: int


if TYPE_CHECKING:  # django-stubs' name for a model with annotations
    from django_stubs_ext import WithAnnotations

    PooledAssessment = WithAnnotations[Assessment, _Submitted]


def pseudonym(organisation_id: int) -> str:
    """Stable across exports, not reversible without SECRET_KEY (a keyed HMAC, shortened)."""
    digest = salted_hmac(PSEUDONYM_SALT, str(organisation_id), algorithm="sha256").hexdigest()
    return f"org-{digest[:12]}"


# --- what is in the pool ------------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One capability model version in the pool, with how much data it holds."""

    model_ref: str
    organisations: int
    rounds: int
    respondents: int

    @property
    def open(self) -> bool:
        return self.organisations >= MIN_ORGANISATIONS


def pooled_rounds() -> QuerySet[PooledAssessment]:
    """Closed, opted-in rounds with at least 3 counting respondents (`submitted` annotated:
    submitted with a numeric answer; an empty submission counts nowhere)."""
    return (
        Assessment.objects.filter(in_pool=True, state=Assessment.State.CLOSED)
        .annotate(submitted=count_per_assessment(Response.objects.counting()))
        .filter(submitted__gte=MIN_RESPONDENTS)
        .order_by()
    )


def versions() -> list[Version]:
    """Every model version in the pool, in name order (one query)."""
    rows = pooled_rounds().values_list("model_id", "model_version", "organisation_id", "submitted")
    organisations: dict[str, set[int]] = defaultdict(set)
    rounds: Counter[str] = Counter()
    respondents: Counter[str] = Counter()
    for model_id, model_version, organisation_id, submitted in rows:
        ref = f"{model_id}@{model_version}"
        organisations[ref].add(organisation_id)
        rounds[ref] += 1
        respondents[ref] += submitted
    return [
        Version(ref, len(organisations[ref]), rounds[ref], respondents[ref])
        for ref in sorted(organisations)
    ]


# --- the rounds and respondents of one version --------------------------------------------------


@dataclass(frozen=True)
class PooledRound:
    id: int
    organisation_id: int  # for counting only; never exported
    organisation: str  # the pseudonym, or the name when the organisation allows it
    sector: str
    size: str
    number: int  # 1 = the organisation's earliest pooled round of this version
    min_group: int
    respondents: int  # submitted responses
    closed: float  # a timestamp, only to tell the pool's contents apart; never exported


def _round_rows(model_ref: str) -> list[tuple[Any, ...]]:
    model_id, _at, version = model_ref.partition("@")
    return list(
        pooled_rounds()
        .filter(model_id=model_id, model_version=version)
        .values_list(
            "pk",
            "organisation_id",
            "organisation__name",
            "organisation__sector",
            "organisation__size",
            "organisation__pool_named",
            "min_group",
            "submitted",
            "closed_at",
        )
    )


def _when(closed: dt.datetime | None) -> float:
    return closed.timestamp() if closed else 0.0


def rounds_of(model_ref: str) -> list[PooledRound]:
    """The version's pooled rounds, by organisation label and round number (one query)."""
    rows = sorted(_round_rows(model_ref), key=lambda r: (r[1], _when(r[8]), r[0]))
    numbers: Counter[int] = Counter()
    made = []
    for pk, org_id, name, sector, size, named, min_group, submitted, closed in rows:
        numbers[org_id] += 1
        label = name if named else pseudonym(org_id)
        number = numbers[org_id]
        made.append(
            PooledRound(
                pk, org_id, label, sector, size, number, min_group, submitted, _when(closed)
            )
        )
    return sorted(made, key=lambda r: (r.organisation, r.number))


Respondent = tuple[str, int, str, str]  # response id (as text), round index, role, group


def _text_id(field: str) -> Cast:
    # UUIDs as text: turning 200,000 of them into uuid.UUID objects is most of a load's time.
    return Cast(field, output_field=CharField())


def respondents_of(rounds: Sequence[PooledRound]) -> list[Respondent]:
    """Counting responses in round order, then by random id (one query)."""
    index = {r.id: i for i, r in enumerate(rounds)}
    rows = (
        Response.objects.counting()
        .filter(assessment_id__in=list(index))
        .values_list(_text_id("id"), "assessment_id", "role", "group")
    )
    found = [(pk, index[assessment], role, group) for pk, assessment, role, group in rows]
    return sorted(found, key=lambda r: (r[1], r[0]))


def answers_of(respondents: Sequence[Respondent]) -> dict[str, dict[str, tuple[Any, Any]]]:
    """Per response id (text), per aspect: the stored (current, ambition) codes."""
    rows = Answer.objects.filter(response_id__in=[r[0] for r in respondents]).values_list(
        _text_id("response_id"), "aspect", "current", "ambition"
    )
    found: dict[str, dict[str, tuple[Any, Any]]] = defaultdict(dict)
    for pk, aspect, current, ambition in rows:
        found[pk][aspect] = (current, ambition)
    return found


GroupCells = Callable[[int, str, str], tuple[str | None, ...]]


def group_cells(rounds: Sequence[PooledRound], respondents: Sequence[Respondent]) -> GroupCells:
    """Role and group as a row may show them: the combination pooled per round with its k,
    as in the round's own Responses export (assessments/export_rows.py)."""
    sizes: dict[int, Counter[Combination]] = defaultdict(Counter)
    for _pk, i, role, group in respondents:
        sizes[i][(role, group)] += 1
    per_round = {i: combination_cells(counts, rounds[i].min_group) for i, counts in sizes.items()}

    def cells(i: int, role: str, group: str) -> tuple[str | None, ...]:
        return per_round[i]((role, group))

    return cells


# --- reliability --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolReliability:
    model: CapabilityModel
    organisations: int
    rounds: int
    respondents: int
    conditions: tuple[ConditionReliability, ...]


def current_matrix(
    model: CapabilityModel, rounds: Sequence[PooledRound]
) -> tuple[np.ndarray[Any, np.dtype[np.int8]], np.ndarray[Any, np.dtype[np.intp]]]:
    """Current answers (engine codes) and each respondent's organisation index, in one query.

    The ICCs compare organisations, so all pooled rounds of one organisation form one group.
    A respondent without any answer gets no row: they would add nothing to any figure.
    """
    col_of = {aspect.id: j for j, aspect in enumerate(model.aspects)}
    organisations = {o: i for i, o in enumerate(dict.fromkeys(r.organisation_id for r in rounds))}
    index = {r.id: organisations[r.organisation_id] for r in rounds}
    current = np.zeros((sum(r.respondents for r in rounds), len(col_of)), dtype=np.int8)
    groups = np.zeros(current.shape[0], dtype=np.intp)
    row_of: dict[str, int] = {}
    counting = Response.objects.counting().filter(assessment_id__in=list(index))
    answers = Answer.objects.filter(response__in=counting.values("pk")).values_list(
        _text_id("response_id"), "response__assessment_id", "aspect", "current"
    )
    for pk, assessment, aspect, value in answers.iterator(chunk_size=CHUNK * 10):
        row = row_of.setdefault(pk, len(row_of))
        groups[row] = index[assessment]
        if aspect in col_of:
            current[row, col_of[aspect]] = ENGINE_CODE[value or 0]
    return current[: len(row_of)], groups[: len(row_of)]


def _cache_key(model_ref: str, rounds: Sequence[PooledRound]) -> str:
    """Names the pool's contents: a round joining, leaving or losing a response changes it."""
    content = sorted((r.id, r.respondents, r.closed) for r in rounds)
    digest = hashlib.sha256(repr((model_ref, content)).encode()).hexdigest()
    return f"research-reliability:{digest}"


def pool_reliability(model_ref: str) -> PoolReliability:
    """Alpha, item–total correlations and ICCs over the version's pool; groups are organisations.

    Cached by the pool's contents: at 200,000 respondents the figures take seconds to compute,
    and the pool changes only when a round closes into it, leaves it or has a response erased.
    """
    model = get_model(model_ref)
    rounds = rounds_of(model_ref)
    key = _cache_key(model_ref, rounds)
    conditions = cache.get(key)
    if conditions is None:
        conditions = reliability(model, *current_matrix(model, rounds))
        cache.set(key, conditions, CACHE_SECONDS)
    return PoolReliability(
        model,
        len({r.organisation_id for r in rounds}),
        len(rounds),
        sum(r.respondents for r in rounds),
        conditions,
    )
