"""Helpers of the benchmark tests (plain functions, so other tests/pool files are unaffected)."""

from __future__ import annotations

import random

from django.test import Client

from partnerscan.accounts.models import Organisation, User
from partnerscan.assessments import domain
from partnerscan.assessments.models import Assessment
from partnerscan.pool.demo import add_answers


def closed_round(
    organisation: Organisation,
    respondents: int = 6,
    in_pool: bool = True,
    maturity: float = 3.0,
    seed: int = 1,
) -> Assessment:
    """A round with `respondents` submitted responses, closed (and so synced to the pool)."""
    assessment = domain.create_assessment(organisation, None, title="Round", in_pool=in_pool)
    domain.open_assessment(assessment)
    add_answers(assessment, respondents, random.Random(seed), maturity)
    return domain.close_assessment(assessment)


def peer(
    name: str,
    sector: str = "",
    size: str = "",
    respondents: int = 6,
    maturity: float = 3.0,
    seed: int = 1,
) -> Organisation:
    organisation = Organisation.objects.create(name=name, sector=sector, size=size)
    closed_round(organisation, respondents, maturity=maturity, seed=seed)
    return organisation


def peers(count: int, start: int = 0, **fields: object) -> list[Organisation]:
    """`count` peers with different maturities, so the pool has a spread."""
    return [
        peer(f"Peer {i}", maturity=1.5 + (i % 7) * 0.4, seed=i, **fields)  # type: ignore[arg-type]
        for i in range(start, start + count)
    ]


def post(client: Client, url: str, data: dict[str, str] | None = None) -> int:
    return client.post(url, data or {}).status_code


def owner_of(organisation: Organisation) -> User:
    return organisation.memberships.get(role="owner").user
