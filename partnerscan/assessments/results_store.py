"""A round's results, computed once per change and then read: every page, file and endpoint
that shows a round's figures reads them through here (docs/architecture.md, "Stored results").

The results are stored per round and language under a key of everything they depend on: the
method's version, the pinned model, which answers may be read (the round's state and interim
switch), the round's `results_version` (raised by every workflow that changes those answers,
`domain.common.results_changed`), the shares, k and the language. A read whose key matches the
stored one takes the stored results; any other read computes them from the answers a page may
use (`visible_results`) and stores them, so what it shows is always what a fresh computation
gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, FilteredRelation, Q, QuerySet

from partnerscan.assessments import visible_results
from partnerscan.assessments.models import Assessment, StoredResults
from partnerscan.core.languages import LANGUAGES
from partnerscan.scoring import Results
from partnerscan.scoring.results import METHOD_VERSION, stored_shape

AHEAD = 4  # rounds per language per run of the worker's job, so mail never waits long


@dataclass(frozen=True)
class Scored:
    """What a page knows of a round's results: how many respondents the engine was given, and
    the results (None below 3, or for an open round without interim results)."""

    respondents: int
    results: Results | None


def results_key(assessment: Assessment, version: int, lang: str) -> str:
    depends_on = [
        METHOD_VERSION,
        stored_shape(),
        assessment.model_ref,
        assessment.state,
        assessment.interim_results,
        version,
        visible_results.engine_shares(assessment),
        assessment.min_group,
        lang,
    ]
    return hashlib.sha256(json.dumps(depends_on, sort_keys=True).encode()).hexdigest()


def round_results(assessment: Assessment, lang: str) -> Results | None:
    """The round's results in `lang`; None below 3 respondents (no results at all)."""
    return stored_results([assessment], lang)[assessment.pk].results


def stored_results(rounds: Sequence[Assessment], lang: str) -> dict[int, Scored]:
    """Each round's results by round id: one query when all are stored and up to date."""
    found: dict[int, Scored] = {}
    stale: list[tuple[Assessment, int]] = []
    by_id = {a.pk: a for a in rounds}
    for pk, version, key, respondents, payload in _stored(rounds, lang):
        assessment = by_id[pk]
        if respondents is not None and key == results_key(assessment, version, lang):
            found[pk] = Scored(respondents, _results(payload))
        else:
            stale.append((assessment, version))
    if stale:
        found |= _refresh(stale, lang)
    return found


def _stored(
    rounds: Sequence[Assessment], lang: str
) -> list[tuple[int, int, str | None, int | None, str | None]]:
    """(round id, its results version now, the stored key, respondents and payload or None)."""
    here = FilteredRelation("stored_results", condition=Q(stored_results__lang=lang))
    return list(
        Assessment.objects.filter(pk__in=[a.pk for a in rounds])
        .annotate(stored=here)
        .values_list(
            "pk", "results_version", F("stored__key"), "stored__respondents", "stored__payload"
        )
    )


def _results(payload: str | None) -> Results | None:
    return Results.from_stored(json.loads(payload)) if payload else None


def _refresh(stale: list[tuple[Assessment, int]], lang: str) -> dict[int, Scored]:
    """Compute and store the results of the rounds whose stored ones no longer hold.

    Stored under the version read before the answers: answers read later are at least that
    new, and a newer version makes the next read compute them again.
    """
    matrices = visible_results.matrices([a for a, _version in stale])
    fresh = {}
    rows = []
    for assessment, version in stale:
        matrix = matrices[assessment.pk]
        results = visible_results.scored(assessment, matrix, lang)
        fresh[assessment.pk] = Scored(matrix.respondents, results)
        rows.append(
            StoredResults(
                assessment=assessment,
                lang=lang,
                key=results_key(assessment, version, lang),
                version=version,
                respondents=matrix.respondents,
                payload=json.dumps(results.to_stored()) if results else "",
            )
        )
    StoredResults.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["assessment", "lang"],
        update_fields=["key", "version", "respondents", "payload"],
    )
    return fresh


def compute_ahead(now: dt.datetime) -> str:
    """The worker's job (core/jobs.py): store the results of rounds whose answers changed since
    their results were stored, in every language, before anyone reads them. Closed rounds, and
    open ones that show interim results; a page that comes first computes them itself."""
    done = 0
    for lang in LANGUAGES:
        behind = list(_behind(lang)[:AHEAD])
        if behind:
            stored_results(behind, lang)
            done += len(behind)
    return f"stored the results of {done} round(s) and language(s)" if done else ""


def _behind(lang: str) -> QuerySet[Assessment]:
    here = FilteredRelation("stored_results", condition=Q(stored_results__lang=lang))
    shown = Q(state=Assessment.State.CLOSED) | Q(state=Assessment.State.OPEN, interim_results=True)
    return (
        Assessment.objects.filter(shown)
        .annotate(stored=here)
        .filter(Q(stored__isnull=True) | ~Q(stored__version=F("results_version")))
        .order_by("pk")
    )
