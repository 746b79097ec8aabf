"""The health check columns of the portfolio's register: per partnership the day its last check
closed, when the next one is due, and that check's overall mean beside the one before, read for
the whole register in a fixed number of queries. The same reading gives each partnership its
health band (health_bands.py) for the portfolio's matrix and the dashboard's distribution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.utils import timezone

from partnerscan.accounts.models import Organisation
from partnerscan.portfolio.health_bands import Band, band_of
from partnerscan.portfolio.health_page import num
from partnerscan.portfolio.health_records import closed_records
from partnerscan.portfolio.models import HealthCheck, Partnership
from partnerscan.portfolio.rhythm import add_months
from partnerscan.scoring import stats
from partnerscan.scoring.health import HealthRespondent, score_health
from partnerscan.scoring.options import TooFewRespondents

Marker = Literal["up", "down", "same"]


@dataclass(frozen=True)
class LastCheck:
    closed_on: dt.date
    next_due: dt.date | None  # None: no check interval set, so nothing is planned
    mean: str  # the overall mean as shown; a dash with fewer than 3 respondents
    marker: Marker | None  # versus the closed check before; None without two means
    band: Band  # of the overall mean; "none" with fewer than 3 respondents


def _mean(check: HealthCheck, respondents: list[HealthRespondent]) -> float | None:
    try:
        return score_health(check.health_model, respondents).overall.mean
    except TooFewRespondents:
        return None


def _marker(now: float | None, before: float | None) -> Marker | None:
    shown_now, shown_before = stats.shown(now), stats.shown(before)
    if shown_now is None or shown_before is None:
        return None
    return "up" if shown_now > shown_before else "down" if shown_now < shown_before else "same"


def _last_closed(
    organisation: Organisation, keep: int, active_only: bool = False
) -> dict[int, list[HealthCheck]]:
    """By partnership id its last `keep` closed checks, newest first; one query."""
    closed = HealthCheck.objects.filter(
        partnership__organisation=organisation, state=HealthCheck.State.CLOSED
    ).order_by("-closed_at", "-id")
    if active_only:
        closed = closed.exclude(partnership__phase=Partnership.Phase.ENDED)
    latest: dict[int, list[HealthCheck]] = {}
    for check in closed.only(
        "id", "partnership_id", "model_id", "model_version", "state", "closed_at"
    ):
        found = latest.setdefault(check.partnership_id, [])
        if len(found) < keep:
            found.append(check)
    return latest


def _means(latest: dict[int, list[HealthCheck]]) -> dict[int, list[float | None]]:
    """The overall mean of each check in `latest`, in the same order; one query."""
    records = closed_records([c for pair in latest.values() for c in pair], with_comments=False)
    return {pk: [_mean(c, records[c.pk]) for c in checks] for pk, checks in latest.items()}


def last_checks(
    organisation: Organisation, partnerships: Sequence[Partnership]
) -> dict[int, LastCheck]:
    """By partnership id, for those with a closed check; two queries whatever the register's
    size (the checks, then the answers of the last two per partnership)."""
    latest = _last_closed(organisation, keep=2)
    means_of = _means(latest)
    intervals = {p.pk: p.review_interval_months for p in partnerships}
    found = {}
    for partnership_id, pair in latest.items():
        means = means_of[partnership_id]
        assert pair[0].closed_at is not None  # a closed check has its day
        closed_on = timezone.localdate(pair[0].closed_at)
        months = intervals.get(partnership_id)
        found[partnership_id] = LastCheck(
            closed_on,
            add_months(closed_on, months) if months else None,
            num(means[0]),
            _marker(means[0], means[1]) if len(means) == 2 else None,
            band_of(means[0]),
        )
    return found


def last_bands(organisation: Organisation) -> dict[int, Band]:
    """By partnership id, for those not ended with a closed check, the band of the last one;
    two queries whatever the number of partnerships and checks."""
    latest = _last_closed(organisation, keep=1, active_only=True)
    return {pk: band_of(means[0]) for pk, means in _means(latest).items()}
