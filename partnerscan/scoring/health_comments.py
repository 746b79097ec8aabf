"""The comments of a health check as pages show them: in an order nobody can use, and with the
writer's side only when each side has at least 3 respondents (docs/method.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from partnerscan.capability.health import HealthModel, Side
from partnerscan.scoring.health import SIDES, HealthRespondent, check_health_respondents
from partnerscan.scoring.health_results import DimensionComments, HealthComment
from partnerscan.scoring.options import MIN_RESPONDENTS


def health_comments(
    model: HealthModel, respondents: Iterable[HealthRespondent], key: bytes
) -> tuple[DimensionComments, ...]:
    """Per dimension (model order, only those with comments) its non-empty comments, ordered
    by a keyed hash of the text: random to anyone without `key`, the same on every reload, and
    never by respondent, time or side. None at all below 3 counting respondents."""
    given = list(respondents)
    check_health_respondents(model, given)
    counting = [r.side for r in given if r.counts]
    if len(counting) < MIN_RESPONDENTS:
        return ()
    sides_shown = all(counting.count(side) >= MIN_RESPONDENTS for side in SIDES)
    result = []
    for dimension in model.dimensions:
        comments = [
            HealthComment(text.strip(), respondent.side if sides_shown else None)
            for respondent in given
            if (text := respondent.comments.get(dimension.id)) and text.strip()
        ]
        comments.sort(key=lambda comment: _order(key, comment.text, comment.side))
        if comments:
            result.append(DimensionComments(dimension.id, tuple(comments)))
    return tuple(result)


def _order(key: bytes, text: str, side: Side | None) -> tuple[bytes, str, str]:
    # Text and side break ties, so equal texts of both sides do not keep the input's order.
    return hashlib.sha256(key + text.encode()).digest(), text, side or ""
