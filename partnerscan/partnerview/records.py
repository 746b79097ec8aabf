"""What a closed partner round hands to the numbers and the report: its counting partners'
answers (`partner_records`) and their comments (`partner_comments`). Nothing while the round is
open, so no figure or comment changes when one partner submits (docs/privacy.md).
"""

from __future__ import annotations

from collections import defaultdict

from partnerscan.assessments.models import Assessment, as_value
from partnerscan.core.ordering import keyed_order
from partnerscan.core.queries import among
from partnerscan.partnerview.models import PartnerAnswer, PartnerResponse, PartnerRound
from partnerscan.scoring.partner_view import PartnerRecord
from partnerscan.scoring.records import Value


def closed_round(assessment: Assessment) -> PartnerRound | None:
    found = PartnerRound.objects.filter(assessment=assessment).first()
    return None if found is None or found.is_open else found


def partner_records(assessment: Assessment) -> list[PartnerRecord] | None:
    """The counting partners (submitted, at least one level 1..5) of the assessment's closed
    partner round, in no meaningful order; None without a closed round. Two queries."""
    partner_round = closed_round(assessment)
    if partner_round is None:
        return None
    counting = PartnerResponse.objects.counting().filter(round=partner_round)
    people = {
        pk: (organisation, kind)
        for pk, organisation, kind in counting.values_list("id", "organisation", "kind")
    }
    answers: dict[object, dict[str, Value]] = defaultdict(dict)
    comments: dict[object, dict[str, str | None]] = defaultdict(dict)
    rows = PartnerAnswer.objects.filter(among("response_id", counting.values("pk")))
    for response_id, aspect, value, comment in rows.values_list(
        "response_id", "aspect", "value", "comment"
    ):
        if value is not None:
            answers[response_id][aspect] = as_value(value)
        if comment:
            comments[response_id][aspect] = comment
    return [
        PartnerRecord(
            id=str(pk),
            organisation=organisation or None,
            kind=kind or None,
            answers=answers[pk],
            comments=comments[pk],
        )
        for pk, (organisation, kind) in people.items()
    ]


def partner_comments(assessment: Assessment) -> dict[str, list[str]]:
    """Per aspect the counting partners' texts ("what would you need from us here"), without
    organisation, in an order from a keyed hash of the round (never by time or person); empty
    without a closed round. One query after the round's."""
    partner_round = closed_round(assessment)
    if partner_round is None:
        return {}
    counting = PartnerResponse.objects.counting().filter(round=partner_round)
    texts = (
        PartnerAnswer.objects.filter(among("response_id", counting.values("pk")))
        .exclude(comment="")
        .values_list("aspect", "comment")
    )
    per_aspect: dict[str, list[str]] = defaultdict(list)
    for aspect, comment in texts:
        per_aspect[aspect].append(comment)
    scope = f"partner-comments:{partner_round.pk}"
    return {aspect: keyed_order(found, scope) for aspect, found in per_aspect.items()}
