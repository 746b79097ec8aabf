"""The challenge-type shares a scan can take from the portfolio (PRODUCT.md §6).

Each partnership that has not ended weighs with its strategic importance (1-3) for its challenge
type; a type's share is its weight over the total, in whole percentages that add up to exactly
100. A new round takes them through a link to its creation page (`assessments` cannot read the
portfolio: it sits below it).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.urls import reverse

from partnerscan.capability.schema import CHALLENGE_TYPES
from partnerscan.portfolio.models import Partnership


def weights(partnerships: Iterable[Partnership]) -> dict[str, int]:
    """The summed importance of the partnerships that have not ended, per challenge type."""
    found = dict.fromkeys(CHALLENGE_TYPES, 0)
    for p in partnerships:
        if p.phase != Partnership.Phase.ENDED and p.challenge_type in found:
            found[p.challenge_type] += p.importance
    return found


def whole_percentages(weights: dict[str, int]) -> dict[str, int] | None:
    """Largest remainder: each type gets the whole part of its exact percentage, and the points
    still missing to 100 go to the largest fractions (ties in the model's order of types), so
    no share is ever more than one point off its exact value. None when nothing weighs."""
    total = sum(weights.values())
    if total == 0:
        return None
    # Integer arithmetic: a type's exact percentage is 100 * weight / total.
    whole = {kind: 100 * weight // total for kind, weight in weights.items()}
    rest = {kind: 100 * weight % total for kind, weight in weights.items()}
    missing = 100 - sum(whole.values())
    order = list(weights)
    for kind in sorted(weights, key=lambda k: (-rest[k], order.index(k)))[:missing]:
        whole[kind] += 1
    return whole


def portfolio_shares(partnerships: Iterable[Partnership]) -> dict[str, int] | None:
    """The shares in whole percentages, per challenge type; None when no partnership counts."""
    return whole_percentages(weights(partnerships))


def as_text(shares: dict[str, int]) -> str:
    """`chain:40,regional:35,innovation:25`, as the round's creation page reads it."""
    return ",".join(f"{kind}:{percent}" for kind, percent in shares.items())


def new_round_url(organisation_id: int, shares: dict[str, int]) -> str:
    query = urlencode({"shares": as_text(shares), "source": "portfolio"}, safe=":,")
    return f"{reverse('assessment-create', args=[organisation_id])}?{query}"


def for_page(
    organisation_id: int, partnerships: Iterable[Partnership], names: dict[str, str]
) -> dict[str, object] | None:
    """What the portfolio page's "Use for a scan" shows: each type's name and share, and the
    link that starts a round with them; None when no partnership counts."""
    shares = portfolio_shares(partnerships)
    if shares is None:
        return None
    return {
        "shares": [(names.get(kind, kind), percent) for kind, percent in shares.items()],
        "url": new_round_url(organisation_id, shares),
    }
