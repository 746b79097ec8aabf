"""The partnership register's facts on a round's dashboard, each beside the aspect of the
capability model it informs (portfolio/facts.py computes them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from partnerscan.assessments.models import Assessment
from partnerscan.portfolio.facts import (
    HealthDistribution,
    PortfolioFacts,
    health_distribution,
    portfolio_facts,
)

# Aspect id in the capability model -> the fact that informs it. Choosing partners deliberately
# starts from knowing what a partnership must achieve, and by when; governing the portfolio
# includes reviewing each partnership in time; departments that share a partner need to align.
FACT_OF_ASPECT = {
    "selection": "with_goal",
    "portfolio": "review_ahead",
    "internal-alignment": "shared_partners",
}


@dataclass(frozen=True)
class FactRow:
    aspect: str  # the aspect's name in the reader's language
    fact: str  # a value of FACT_OF_ASPECT


@dataclass(frozen=True)
class FactsView:
    facts: PortfolioFacts
    rows: tuple[FactRow, ...]  # in the model's order of aspects
    health: HealthDistribution  # shown beside the portfolio-governance fact


def beside_aspects(assessment: Assessment, lang: str, today: dt.date) -> FactsView | None:
    """None when the organisation has no partnership in its register, or the round's model has
    none of the aspects the facts inform."""
    rows = tuple(
        FactRow(aspect.name.get(lang), FACT_OF_ASPECT[aspect.id])
        for aspect in assessment.capability_model.aspects
        if aspect.id in FACT_OF_ASPECT
    )
    if not rows:
        return None
    facts = portfolio_facts(assessment.organisation, today)
    if facts is None:
        return None
    return FactsView(facts, rows, health_distribution(assessment.organisation))
