"""Peer organisations for demos and tests: each with a closed, shared round of generated answers.

They go through the same workflows as real rounds (create, open, close, which fills the pool),
so a demo's benchmark shows numbers the engine computed. Peers have no members: nobody can log
in to them, they only populate the pool.
"""

from __future__ import annotations

import random

from django.db import transaction

from partnerscan.accounts.models import Organisation
from partnerscan.assessments import domain
from partnerscan.assessments.models import DONT_KNOW, Answer, Assessment, Response

Sector = Organisation.Sector
SECTORS = (Sector.HEALTHCARE, Sector.MUNICIPALITY, Sector.EDUCATION, Sector.HOUSING)
SIZES = tuple(size for size, _label in Organisation.Size.choices)


@transaction.atomic
def seed_peers(
    count: int = 8,
    respondents: int = 8,
    model_ref: str | None = None,
    seed: int = 1,
    sectors: tuple[str, ...] = SECTORS,
) -> list[Organisation]:
    """`count` peer organisations, each with one closed round of `respondents` in the pool."""
    rng = random.Random(seed)
    peers = []
    for index in range(count):
        organisation = Organisation.objects.create(
            name=f"Peer {index + 1}",
            sector=sectors[index % len(sectors)],
            size=SIZES[index % len(SIZES)],
        )
        assessment = domain.create_assessment(
            organisation, None, title="Peer round", model_ref=model_ref, in_pool=True
        )
        domain.open_assessment(assessment)
        add_answers(assessment, respondents, rng, maturity=rng.uniform(1.5, 4.0))
        domain.close_assessment(assessment)
        peers.append(organisation)
    return peers


def add_answers(assessment: Assessment, count: int, rng: random.Random, maturity: float) -> None:
    """`count` submitted responses around the organisation's `maturity` (two bulk inserts)."""
    aspects = [a.id for a in assessment.capability_model.aspects]
    responses = Response.objects.bulk_create(
        Response(assessment=assessment, submitted=True, group="internal") for _ in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            aspect=aspect,
            current=_level(rng, maturity),
            ambition=min(5, round(maturity) + rng.randint(0, 2)),
        )
        for response in responses
        for aspect in aspects
    )


def _level(rng: random.Random, maturity: float) -> int:
    if rng.random() < 0.04:
        return DONT_KNOW
    return min(5, max(1, round(rng.gauss(maturity, 0.8))))
