"""Facts from the partnership register that a round's dashboard shows beside the aspects they
inform. They describe the organisation's own register, not anyone's answers, so no anonymity
threshold applies; the dashboard shows them to members only, like everything on it.

One query, whatever the number of partnerships; the health distribution two more, whatever
the number of partnerships and checks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerscan.accounts.models import Organisation
from partnerscan.portfolio.health_bands import MEASURED
from partnerscan.portfolio.health_register import last_bands
from partnerscan.portfolio.models import Partnership


@dataclass(frozen=True)
class PortfolioFacts:
    active: int  # partnerships that have not ended
    with_goal: int  # of those: a goal and a goal date
    review_ahead: int  # of those: a review date that has not passed
    shared_partners: int  # partner organisations that two or more departments work with

    @staticmethod
    def percent(part: int, whole: int) -> int | None:
        return round(100 * part / whole) if whole else None

    @property
    def with_goal_percent(self) -> int | None:
        return self.percent(self.with_goal, self.active)

    @property
    def review_ahead_percent(self) -> int | None:
        return self.percent(self.review_ahead, self.active)


def portfolio_facts(organisation: Organisation, today: dt.date) -> PortfolioFacts | None:
    """The facts of `organisation`'s register on `today`; None when it holds no partnership.

    A partner counts as worked with by several departments over all the organisation's
    partnerships, ended ones included, as the portfolio page's alignment list counts it.
    """
    # One row per partnership and partner (the partner None for a partnership without any).
    rows = organisation.partnerships.values_list(
        "pk", "phase", "goal", "goal_date", "review_on", "departments", "partners"
    )
    partnerships: dict[int, tuple[str, str, dt.date | None, dt.date | None]] = {}
    departments_of: dict[int, set[str]] = {}
    for pk, phase, goal, goal_date, review_on, departments, partner in rows:
        partnerships[pk] = (phase, goal, goal_date, review_on)
        if partner is not None:
            departments_of.setdefault(partner, set()).update(departments or ())
    if not partnerships:
        return None
    active = [p for p in partnerships.values() if p[0] != Partnership.Phase.ENDED]
    return PortfolioFacts(
        active=len(active),
        with_goal=sum(1 for _phase, goal, day, _review in active if goal.strip() and day),
        review_ahead=sum(1 for *_rest, review in active if review is not None and review >= today),
        shared_partners=sum(1 for seen in departments_of.values() if len(seen) >= 2),
    )


@dataclass(frozen=True)
class HealthDistribution:
    """The partnerships that have not ended and whose last closed check has a result (3 or more
    respondents), by health band: a count per band of health_bands.MEASURED."""

    low: int
    middle: int
    high: int

    @property
    def total(self) -> int:
        return self.low + self.middle + self.high


def health_distribution(organisation: Organisation) -> HealthDistribution:
    bands = list(last_bands(organisation).values())
    low, middle, high = (bands.count(band) for band in MEASURED)
    return HealthDistribution(low, middle, high)
