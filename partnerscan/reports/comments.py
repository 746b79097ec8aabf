"""The comments of a round as the report shows them: per aspect, in an order nobody can use."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from partnerscan.assessments.models import Answer, Assessment, Response
from partnerscan.capability.schema import Aspect, CapabilityModel
from partnerscan.core.ordering import keyed_order, keyed_seed
from partnerscan.core.queries import among
from partnerscan.reports.rows import Comments

COMMENTS_SHOWN = 25  # per aspect; the responses export holds every comment


def comments(model: CapabilityModel, assessment: Assessment, lang: str) -> tuple[Comments, ...]:
    """One query, and none while the round is open: a comment that appears the moment one
    person submits names its writer. Shown in an order that is random but fixed for the round
    (never by time, respondent or text), without role or department, which are not even read."""
    if not assessment.results_live:
        return ()
    submitted = Response.objects.filter(assessment=assessment, submitted=True).values("pk")
    texts = (
        Answer.objects.filter(among("response_id", submitted))
        .exclude(comment="")
        .values_list("aspect", "comment")
    )
    per_aspect: dict[str, list[str]] = defaultdict(list)
    for aspect, comment in texts.iterator(chunk_size=2000):
        per_aspect[aspect].append(comment)
    scope = comment_scope(assessment)
    for aspect, found in per_aspect.items():
        per_aspect[aspect] = keyed_order(found, scope)
    return comment_groups(model.aspects, per_aspect, lang)


def comment_groups(
    aspects: Sequence[Aspect], per_aspect: Mapping[str, list[str]], lang: str
) -> tuple[Comments, ...]:
    """Per aspect with comments, in model order: the first COMMENTS_SHOWN of its comments (in
    the order given) and how many more there are."""
    return tuple(
        Comments(
            aspect.name.get(lang),
            tuple(per_aspect[aspect.id][:COMMENTS_SHOWN]),
            max(0, len(per_aspect[aspect.id]) - COMMENTS_SHOWN),
        )
        for aspect in aspects
        if per_aspect.get(aspect.id)
    )


def comment_scope(assessment: Assessment) -> str:
    return f"comments:{assessment.pk}"


def comment_seed(assessment: Assessment) -> bytes:
    """A key per round that nobody can compute without the server's secret, so the order
    of the comments cannot be predicted or undone; reloads show the same order."""
    return keyed_seed(comment_scope(assessment))
