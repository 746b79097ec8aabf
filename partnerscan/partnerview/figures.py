"""The figures of the partner page: totals of the round, and per partner organisation only how
many were invited. Never who started or submitted, and never per organisation: with a few
people per organisation that would say who took part."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from partnerscan.partnerview.models import REMINDABLE, PartnerRound


@dataclass(frozen=True)
class RoundCounts:
    invited: int
    started: int
    submitted: int
    retrying: int  # mails that failed and are tried again
    given_up: int  # mails that were given up
    remindable: int


def round_counts(partner_round: PartnerRound) -> RoundCounts:
    """One query."""
    failed = ~Q(send_error="")
    counted = partner_round.invitations.aggregate(
        invited=Count("id"),
        started=Count("id", filter=Q(started_on__isnull=False)),
        submitted=Count("id", filter=Q(submitted_on__isnull=False)),
        retrying=Count("id", filter=failed & Q(next_attempt_at__isnull=False)),
        given_up=Count("id", filter=failed & Q(next_attempt_at__isnull=True)),
        remindable=Count("id", filter=REMINDABLE),
    )
    return RoundCounts(**counted)


def invited_per_organisation(partner_round: PartnerRound) -> list[tuple[str, int]]:
    """(organisation, invited) by name; one query."""
    rows = (
        partner_round.invitations.values_list("organisation_name")
        .annotate(n=Count("id"))
        .order_by("organisation_name")
    )
    return [(name, n) for name, n in rows]
