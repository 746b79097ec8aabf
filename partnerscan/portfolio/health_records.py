"""What closed health checks hand to the numbers: their counting respondents, read for many
checks at once in a fixed number of queries (the partnership page and the register show
several checks)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import cast

from partnerscan.assessments.models import as_value
from partnerscan.capability.health import Side
from partnerscan.portfolio.models import HealthAnswer, HealthCheck, HealthComment, HealthResponse
from partnerscan.scoring.health import HealthRespondent
from partnerscan.scoring.records import Value


def closed_records(
    checks: Sequence[HealthCheck], with_comments: bool = True
) -> dict[int, list[HealthRespondent]]:
    """Per closed check its counting respondents (submitted, with at least one answer on the
    scale), in no meaningful order: `answers` holds every statement of the check's model (None
    where unanswered), `comments` the comments by dimension id. One query, two with comments;
    nothing about a respondent is read but their side."""
    closed = {c.pk: c for c in checks if not c.is_open}
    found: dict[int, list[HealthRespondent]] = {pk: [] for pk in closed}
    # Asked even when no check is closed (pk 0 is never a check's), so a page costs the same
    # queries before and after the first close: an empty `__in` would skip the query.
    counting = HealthResponse.objects.counting().filter(health_check_id__in=list(closed) or [0])
    sides: dict[object, tuple[int, str]] = {}
    answers: dict[object, dict[str, Value]] = defaultdict(dict)
    rows = HealthAnswer.objects.filter(response__in=counting).order_by("response_id")
    for check_id, response_id, side, statement, value in rows.values_list(
        "response__health_check_id", "response_id", "response__side", "statement", "value"
    ):
        sides[response_id] = (check_id, side)
        answers[response_id][statement] = as_value(value)
    comments: dict[object, dict[str, str | None]] = defaultdict(dict)
    if with_comments:
        texts = HealthComment.objects.filter(response__in=counting)
        for response_id, dimension, text in texts.values_list("response_id", "dimension", "text"):
            comments[response_id][dimension] = text
    for pk, (check_id, side) in sides.items():
        statements = [s.id for s in closed[check_id].health_model.statements]
        found[check_id].append(
            HealthRespondent(
                side=cast(Side, side),
                answers={s: answers[pk].get(s) for s in statements},
                comments=comments[pk],
            )
        )
    return found
