"""A round's partner view, computed once per change and then read: the dashboard, the PDF, the
results JSON and the workshop's agenda read it through here (docs/architecture.md, "Stored
results").

As the round's own results (`assessments.results_store`), the partner view is stored per
partner round and language under a key of everything it depends on: the own results' key (the
method's version, the pinned model, which own answers may be read, the round's
`results_version`, the shares, k, the language), the shape of the partner view's stored form,
and of the partner round its id, state, k and `answers_version` (raised by every workflow that
changes the answers the view is read from, `domain.partner_answers_changed`). A read whose key
matches takes the stored view; any other read computes it from the round's own answers and
the closed partner round's records, and stores it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet

from partnerscan.assessments import results_store, visible_results
from partnerscan.assessments.models import Assessment
from partnerscan.core.languages import LANGUAGES
from partnerscan.partnerview.models import PartnerRound, StoredPartnerView
from partnerscan.partnerview.records import partner_records
from partnerscan.scoring.options import ScoringError
from partnerscan.scoring.partner_results import PartnerView
from partnerscan.scoring.partner_view import partner_view
from partnerscan.scoring.results import stored_shape

AHEAD = 4  # partner rounds per language per run of the worker's job


@dataclass(frozen=True)
class Seen:
    """What a page knows of a round's partner view: how many counting partners there were, and
    the view (None below k of them, or without the round's own results)."""

    partners: int
    view: PartnerView | None


@dataclass(frozen=True)
class _Row:
    """A partner round as read with its stored view: the versions now, and what is stored."""

    partner_round: int
    state: str
    min_group: int
    answers_version: int
    results_version: int
    key: str | None
    partners: int | None
    payload: str | None


def view_key(assessment: Assessment, row: _Row, lang: str) -> str:
    depends_on = [
        # The method's version and the language are in the own results' key already.
        results_store.results_key(assessment, row.results_version, lang),
        stored_shape(PartnerView),
        row.partner_round,
        row.state,
        row.min_group,
        row.answers_version,
    ]
    return hashlib.sha256(json.dumps(depends_on, sort_keys=True).encode()).hexdigest()


def round_partner_view(assessment: Assessment, lang: str) -> Seen | None:
    """The partner view of the round in `lang`; None while it has no closed partner round.
    One query while the stored view is up to date."""
    row = _stored(assessment, lang)
    if row is None or row.state != PartnerRound.State.CLOSED:
        return None
    if row.partners is not None and row.key == view_key(assessment, row, lang):
        return Seen(row.partners, _view(row.payload))
    return _refresh(assessment, row, lang)


def _stored(assessment: Assessment, lang: str) -> _Row | None:
    here = FilteredRelation("stored_views", condition=Q(stored_views__lang=lang))
    found = (
        PartnerRound.objects.filter(assessment=assessment)
        .annotate(stored=here)
        .values_list(
            "pk",
            "state",
            "min_group",
            "answers_version",
            "assessment__results_version",
            F("stored__key"),
            F("stored__partners"),
            F("stored__payload"),
        )
        .first()
    )
    return _Row(*found) if found else None


def _view(payload: str | None) -> PartnerView | None:
    return PartnerView.from_stored(json.loads(payload)) if payload else None


def _refresh(assessment: Assessment, row: _Row, lang: str) -> Seen:
    """Compute the view and store it under the versions read before the answers: answers read
    later are at least that new, and a newer version makes the next read compute it again."""
    seen = _computed(assessment, row.min_group, lang)
    StoredPartnerView.objects.bulk_create(
        [
            StoredPartnerView(
                round_id=row.partner_round,
                lang=lang,
                key=view_key(assessment, row, lang),
                results_version=row.results_version,
                answers_version=row.answers_version,
                partners=seen.partners,
                payload=json.dumps(seen.view.to_stored()) if seen.view else "",
            )
        ],
        update_conflicts=True,
        unique_fields=["round", "lang"],
        update_fields=["key", "results_version", "answers_version", "partners", "payload"],
    )
    return seen


def _computed(assessment: Assessment, min_group: int, lang: str) -> Seen:
    """The partner view as `scoring.partner_view` makes it of the round's own answers (those a
    page may read) and its closed partner round's counting partners."""
    records = partner_records(assessment) or []
    results = results_store.round_results(assessment, lang)
    if results is None or not records:
        return Seen(len(records), None)
    own = visible_results.matrices([assessment])[assessment.pk]
    try:
        view = partner_view(
            assessment.capability_model,
            own,
            records,
            min_group=min_group,
            own_results=results,
            shares=visible_results.engine_shares(assessment),
            lang=lang,
        )
    except ScoringError:
        view = None
    return Seen(len(records), view)


def compute_ahead(now: dt.datetime) -> str:
    """The worker's job (core/jobs.py): store the partner views of closed rounds with a closed
    partner round whose answers changed since their view was stored, in every language, before
    anyone reads them; a page that comes first computes them itself."""
    done = 0
    for lang in LANGUAGES:
        for assessment in _behind(lang)[:AHEAD]:
            round_partner_view(assessment, lang)
            done += 1
    return f"stored the partner views of {done} round(s) and language(s)" if done else ""


def _behind(lang: str) -> QuerySet[Assessment]:
    fresh = StoredPartnerView.objects.filter(
        round=OuterRef("partner_round"),
        lang=lang,
        results_version=OuterRef("results_version"),
        answers_version=OuterRef("partner_round__answers_version"),
    )
    return (
        Assessment.objects.filter(
            state=Assessment.State.CLOSED, partner_round__state=PartnerRound.State.CLOSED
        )
        .filter(~Exists(fresh))
        .order_by("pk")
    )
