"""The leads with partners: a blind spot adds to its aspect's priority (docs/method.md,
"Partner view"). Decided on exact Fractions, as the engine's leads are."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring import exact, stats
from partnerscan.scoring.partner_results import PartnerAspect, PartnerLead
from partnerscan.scoring.results import Results

LEADS = 3


def leads_with_partners(
    model: CapabilityModel,
    own_results: Results,
    aspects: Sequence[PartnerAspect],
    differences: Mapping[str, Fraction],
    shares: Mapping[str, float],
    lang: str,
) -> tuple[PartnerLead, ...]:
    """The highest exact priorities above 0 (equal ones in model order), a blind spot's
    priority raised by its difference × weight."""
    blind = {a.id for a in aspects if a.verdict == "blind_spot"}
    candidates = []
    for i, (aspect, result) in enumerate(zip(model.aspects, own_results.aspects, strict=True)):
        gap = result.gap
        if gap.mean is None:
            continue  # no priority, with partners or without
        weight = exact.weight(aspect, shares)
        # The gap's sum is an integer, so this recovers the exact gap mean from the float.
        own_priority = Fraction(round(gap.mean * gap.n), gap.n) * weight
        addition = differences[aspect.id] * weight if aspect.id in blind else None
        priority = own_priority + (addition or 0)
        if priority > 0:
            candidates.append((-priority, i, addition))
    own_leads = {lead.aspect for lead in own_results.leads}
    chosen = []
    for priority, i, addition in sorted(candidates, key=lambda c: (c[0], c[1]))[:LEADS]:
        result = own_results.aspects[i]
        counts = result.current.counts  # None below 3 answers
        level = stats.level_of(exact.mean(counts) if counts is not None else None) or 1
        step = model.aspects[i].next_steps[level - 1].get(lang)
        chosen.append(
            PartnerLead(
                aspect=result.id,
                priority=float(-priority),
                level=level,
                next_step=step,
                partner_addition=None if addition is None else float(addition),
                by_partners=result.id not in own_leads,
            )
        )
    return tuple(chosen)
