"""Closed health checks for the demo portfolio, answered through the respondents' workflows:
one partnership checked twice with both sides large enough to be shown (so the trend shows),
one checked once with a partner side too small to be shown on its own."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from partnerscan.accounts.models import User
from partnerscan.portfolio import health
from partnerscan.portfolio.health_responding import (
    find_health_invitation,
    save_health_answer,
    save_health_comment,
    start_health_response,
    submit_health_response,
)
from partnerscan.portfolio.models import HealthCheck, Partnership

# A respondent's answers as offsets from their side's base, one per statement in model order:
# the sides differ most on commitment and on governance.
SHAPE = {
    "own": (0, 1, 1, 0, 0, 1, -1, 0, 1, 0, -1, 0),
    "partner": (0, 0, 0, -1, -1, 0, -2, -1, -2, -1, 0, -1),
}
COMMENTS = {
    "governance": "Wie er namens de gemeente mag beslissen, is ons niet altijd duidelijk.",
    "commitment": "De uren die zijn toegezegd, worden niet altijd vrijgemaakt.",
    "trust-communication": "Het overleg is open; lastige punten komen op tafel.",
    "learning-results": "We kijken te weinig samen terug op wat er bereikt is.",
}


def _answer(check: HealthCheck, side: str, base: int, number: int) -> None:
    (token,) = health.create_health_links(check, None, side, 1, "nl")
    invitation = find_health_invitation(token)
    assert invitation is not None
    response = start_health_response(invitation, token)
    statements = [s.id for s in check.health_model.statements]
    for index, (statement, offset) in enumerate(zip(statements, SHAPE[side], strict=True)):
        spread = (number + index) % 3 - 1  # -1, 0 or 1: people differ
        value = "dk" if (number, index) == (1, 11) else str(min(5, max(1, base + offset + spread)))
        save_health_answer(response, statement, value)
    dimension = list(COMMENTS)[(number + len(side)) % len(COMMENTS)]
    save_health_comment(response, dimension, COMMENTS[dimension])
    submit_health_response(response, invitation)


def _check(
    partnership: Partnership, user: User, sides: dict[str, tuple[int, int]], closed: dt.datetime
) -> None:
    """`sides`: per side (number of respondents, base answer)."""
    check = health.start_health_check(partnership, user)
    for side, (count, base) in sides.items():
        for number in range(count):
            _answer(check, side, base, number)
    health.close_health_check(check, user)
    # Demo history only: a check that closed months ago, as a real one would have.
    HealthCheck.objects.filter(pk=check.pk).update(
        opened_at=closed - dt.timedelta(days=21), closed_at=closed
    )


def seed_health_checks(trend: Partnership, small: Partnership, user: User) -> None:
    now = timezone.now()
    _check(trend, user, {"own": (5, 3), "partner": (4, 3)}, now - dt.timedelta(days=190))
    _check(trend, user, {"own": (6, 4), "partner": (4, 4)}, now - dt.timedelta(days=10))
    _check(small, user, {"own": (3, 4), "partner": (2, 3)}, now - dt.timedelta(days=30))
