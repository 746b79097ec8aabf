"""The portfolio view's figures, from the organisation's partnerships read once.

Everything here works on a list already in memory (two queries: the partnerships with their
owners, and their partners), so the page costs the same for 5 partnerships or 500.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from partnerscan.accounts.models import Organisation
from partnerscan.capability.schema import CHALLENGE_TYPES
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

PHASES = tuple(Partnership.Phase.values)


def partnerships_of(organisation: Organisation) -> QuerySet[Partnership]:
    return (
        organisation.partnerships.select_related("owner__user")
        .prefetch_related("partners")
        .order_by("-importance", "name", "id")
    )


@dataclass(frozen=True)
class Cell:
    count: int = 0
    importance: int = 0  # the sum of the partnerships' strategic importance (1-3 each)


@dataclass(frozen=True)
class MatrixRow:
    challenge_type: str
    cells: tuple[Cell, ...]  # one per phase, in PHASES order
    total: Cell


@dataclass(frozen=True)
class Matrix:
    rows: tuple[MatrixRow, ...]
    totals: tuple[Cell, ...]
    total: Cell


def _cell(partnerships: Sequence[Partnership]) -> Cell:
    return Cell(len(partnerships), sum(p.importance for p in partnerships))


def matrix(partnerships: Sequence[Partnership]) -> Matrix:
    """Count and summed importance per challenge type (rows) and phase (columns)."""

    def where(challenge: str | None, phase: str | None) -> list[Partnership]:
        return [
            p
            for p in partnerships
            if challenge in (None, p.challenge_type) and phase in (None, p.phase)
        ]

    rows = tuple(
        MatrixRow(
            challenge,
            tuple(_cell(where(challenge, phase)) for phase in PHASES),
            _cell(where(challenge, None)),
        )
        for challenge in CHALLENGE_TYPES
    )
    totals = tuple(_cell(where(None, phase)) for phase in PHASES)
    return Matrix(rows, totals, _cell(partnerships))


@dataclass(frozen=True)
class Attention:
    partnership: Partnership
    no_goal_date: bool
    no_owner: bool
    review_overdue: bool


def attention(partnerships: Sequence[Partnership], today: dt.date) -> list[Attention]:
    """Partnerships that need a look: no goal date, no owner, or a review date gone by. Ended
    partnerships are left out: nothing about them needs planning any more."""
    found = []
    for p in partnerships:
        if p.phase == Partnership.Phase.ENDED:
            continue
        flags = Attention(
            p,
            no_goal_date=p.goal_date is None,
            no_owner=p.owner_id is None and not p.owner_name,
            review_overdue=p.review_on is not None and p.review_on < today,
        )
        if flags.no_goal_date or flags.no_owner or flags.review_overdue:
            found.append(flags)
    return found


@dataclass(frozen=True)
class Alignment:
    partner: PartnerOrganisation
    departments: tuple[str, ...]
    partnerships: tuple[Partnership, ...] = field(default=())


def alignment(partnerships: Sequence[Partnership], departments: Sequence[str]) -> list[Alignment]:
    """Each partner organisation that two or more departments work with, through one or more
    partnerships: where departments should talk to each other before they talk to the partner.
    Departments in the organisation's order; partners with the most departments first."""
    by_partner: dict[int, tuple[PartnerOrganisation, set[str], list[Partnership]]] = {}
    for p in partnerships:
        for partner in p.partners.all():
            entry = by_partner.setdefault(partner.pk, (partner, set(), []))
            entry[1].update(p.departments)
            entry[2].append(p)
    order = {name: index for index, name in enumerate(departments)}
    found = [
        Alignment(partner, tuple(sorted(seen, key=lambda d: order.get(d, len(order)))), tuple(ps))
        for partner, seen, ps in by_partner.values()
        if len(seen) >= 2
    ]
    return sorted(found, key=lambda a: (-len(a.departments), a.partner.name.casefold()))


def filtered(partnerships: Sequence[Partnership], chosen: dict[str, Any]) -> list[Partnership]:
    """The partnerships that pass every chosen filter (None: not filtered)."""
    tests: dict[str, Callable[[Partnership, Any], bool]] = {
        "challenge": lambda p, v: p.challenge_type == v,
        "phase": lambda p, v: p.phase == v,
        "department": lambda p, v: v in p.departments,
        "importance": lambda p, v: p.importance == v,
    }
    active = [(tests[name], value) for name, value in chosen.items() if value is not None]
    return [p for p in partnerships if all(test(p, value) for test, value in active)]
