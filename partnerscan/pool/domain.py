"""Writes of the benchmark pool. A closed, opted-in round with results is in it; nothing else is.

The pool holds the engine's means per condition and aspect, never an answer or a comment, so
nothing in it leads back to a respondent. `latest` marks the one entry per organisation and
model id that counts: an organisation re-measuring every year must not weigh ten times.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete
from django.dispatch import receiver

from partnerscan.accounts.domain import check_sector
from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments.domain import ensure_pool_owner
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.results_store import round_results
from partnerscan.assessments.signals import round_closed
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.pool.models import PoolEntry, PoolScore
from partnerscan.scoring import Results
from partnerscan.scoring.options import MIN_POOL_RESPONDENTS


def _pooled(n: int, mean: float | None) -> float | None:
    """A round's figure enters the pool only when it rests on as many answers as the pool
    asks of a round's respondents (the 5 × 5 rule applied figure by figure)."""
    return mean if n >= MIN_POOL_RESPONDENTS else None


def pool_scores(entry: PoolEntry, results: Results) -> list[PoolScore]:
    """The engine's condition and aspect means of one round, as the pool stores them."""
    conditions = [
        PoolScore(
            entry=entry,
            kind=PoolScore.Kind.CONDITION,
            key=c.id,
            current=_pooled(c.current.n, c.current.mean),
            ambition=_pooled(c.ambition.n, c.ambition.mean),
        )
        for c in results.conditions
    ]
    aspects = [
        PoolScore(
            entry=entry,
            kind=PoolScore.Kind.ASPECT,
            key=a.id,
            current=_pooled(a.current.n, a.current.mean),
            ambition=_pooled(a.ambition.n, a.ambition.mean),
        )
        for a in results.aspects
    ]
    return conditions + aspects


def belongs_in_pool(assessment: Assessment) -> bool:
    """Opted in and closed; whether it has results (3 respondents or more) is checked on write."""
    return assessment.in_pool and assessment.is_closed


@transaction.atomic
def sync_pool_entry(assessment: Assessment) -> PoolEntry | None:
    """Create, replace or remove the round's pool entry so it matches the round as it is now."""
    assessment = Assessment.objects.get(pk=assessment.pk)  # the state just written, not a copy
    # One writer per organisation at a time, so two rounds closing together cannot both end
    # up `latest` (on SQLite the write lock already serialises them).
    Organisation.objects.select_for_update().filter(pk=assessment.organisation_id).exists()
    PoolEntry.objects.filter(assessment=assessment).delete()
    entry = _write_entry(assessment) if belongs_in_pool(assessment) else None
    refresh_latest(assessment.organisation_id, assessment.model_id)
    return entry


def _write_entry(assessment: Assessment) -> PoolEntry | None:
    results = round_results(assessment, "en")
    if results is None:  # below 3 respondents there are no results to share
        return None
    entry = PoolEntry.objects.create(
        assessment=assessment,
        organisation_id=assessment.organisation_id,
        model_id=assessment.model_id,
        model_version=assessment.model_version,
        respondents=results.respondents,
        latest=False,  # refresh_latest decides, after the old entry is gone
    )
    PoolScore.objects.bulk_create(pool_scores(entry, results))
    return entry


def refresh_latest(organisation_id: int, model_id: str) -> None:
    """Mark the organisation's most recently closed round of the model as the one that counts."""
    entries = PoolEntry.objects.filter(organisation_id=organisation_id, model_id=model_id)
    newest = (
        entries.order_by(F("assessment__closed_at").desc(nulls_last=True), "-assessment_id")
        .values_list("pk", flat=True)
        .first()
    )
    if newest is None:  # no entry left to promote
        return
    # Unset first: the unique constraint allows one latest entry at any moment.
    entries.filter(latest=True).exclude(pk=newest).update(latest=False)
    entries.filter(pk=newest, latest=False).update(latest=True)


@receiver(post_delete, sender=PoolEntry)
def _promote_previous_round(sender: type[PoolEntry], instance: PoolEntry, **kwargs: object) -> None:
    # Deleting a round (or its organisation) cascades to its entry without passing through
    # sync_pool_entry; the organisation's previous round must then count again.
    refresh_latest(instance.organisation_id, instance.model_id)


# Opting in and out -------------------------------------------------------------------------


@receiver(round_closed)
def _closed_round_joins_the_pool(
    sender: type[Assessment], assessment: Assessment, **kwargs: object
) -> None:
    sync_pool_entry(assessment)


@transaction.atomic
def set_in_pool(assessment: Assessment, in_pool: bool, by: User | None) -> PoolEntry | None:
    """Opt the round in or out; a closed round joins or leaves the pool at once."""
    ensure_pool_owner(assessment.organisation, by)
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.in_pool != in_pool:
        assessment.in_pool = in_pool
        assessment.save(update_fields=["in_pool"])
        record(
            Event.SETTINGS_CHANGED,
            user=by,
            assessment=assessment,
            detail="in_pool",
            code="in_pool",
            params={"on": in_pool},
        )
    return sync_pool_entry(assessment)


@transaction.atomic
def set_pool_profile(
    organisation: Organisation, sector: str, size: str, by: User | None, pool_named: bool = False
) -> None:
    """The sector and size band peers are filtered on, and whether researchers see the name
    (the benchmark never shows it)."""
    ensure_pool_owner(organisation, by)
    organisation.sector, organisation.size = check_sector(sector), size
    organisation.pool_named = pool_named
    organisation.save(update_fields=["sector", "size", "pool_named"])
    detail = f"sector, size, name for researchers {'allowed' if pool_named else 'withheld'}"
    record(
        Event.SETTINGS_CHANGED,
        user=by,
        organisation=organisation,
        detail=detail,
        code="pool_profile",
        params={"named": pool_named},
    )
