"""The chain of rounds: each follow-up round points at the round it follows (`previous`)."""

from __future__ import annotations

from partnerscan.assessments.models import Assessment


def earlier_rounds(assessment: Assessment) -> list[Assessment]:
    """The earlier rounds this one follows up, oldest first (one query; none for a first round).

    Only rounds of the same organisation, whatever a `previous` might point at, and a loop made
    by hand ends the walk instead of running forever."""
    if assessment.previous_id is None:
        return []
    rounds = {
        a.pk: a for a in Assessment.objects.filter(organisation_id=assessment.organisation_id)
    }
    found: list[Assessment] = []
    pk: int | None = assessment.previous_id
    while pk in rounds and pk != assessment.pk and rounds[pk] not in found:
        found.append(rounds[pk])
        pk = rounds[pk].previous_id
    return found[::-1]


def round_number(assessment: Assessment) -> int:
    """1 for a first round, 2 for its follow-up, and so on."""
    return len(earlier_rounds(assessment)) + 1


def follow_up_of(assessment: Assessment) -> Assessment | None:
    """The round that follows this one up, if one was started (there is at most one)."""
    return assessment.follow_ups.first()
