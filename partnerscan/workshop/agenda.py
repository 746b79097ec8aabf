"""The agenda partnerscan proposes for a workshop on a closed round: the aspects where views
differ, the leads, and — with a partner view — the blind spots; each aspect once, with every
reason it was proposed for.

The numbers are the scoring engine's, read as the dashboard reads them, computed once per change
(`assessments.results_store`, and `partnerview.view_store` for the partners), not through
`reports`, which sits above this app.
"""

from __future__ import annotations

from dataclasses import dataclass

from partnerscan.assessments import results_store
from partnerscan.assessments.models import Assessment
from partnerscan.partnerview.view_store import round_partner_view
from partnerscan.scoring.partner_results import PartnerView
from partnerscan.scoring.results import AspectResult, Results
from partnerscan.workshop.models import Reason


@dataclass(frozen=True)
class Figures:
    """What an agenda item keeps of the round: the scan's current level, and the partners'."""

    scan_mean: float | None = None
    scan_n: int = 0
    scan_counts: tuple[int, ...] | None = None
    partner_mean: float | None = None


@dataclass(frozen=True)
class Proposed:
    aspect: str
    reasons: tuple[str, ...]
    figures: Figures


@dataclass(frozen=True)
class RoundFigures:
    """A closed round's results as the agenda needs them; `results` None below 3 respondents."""

    results: Results | None
    partners: PartnerView | None

    def of(self, aspect: str) -> Figures:
        if self.results is None:
            return Figures()
        found = next((a for a in self.results.aspects if a.id == aspect), None)
        if found is None:
            return Figures()
        return Figures(
            scan_mean=found.current.mean,
            scan_n=found.current.n,
            scan_counts=found.current.counts,
            partner_mean=self._partner_mean(aspect),
        )

    def _partner_mean(self, aspect: str) -> float | None:
        if self.partners is None:
            return None
        found = next((a for a in self.partners.aspects if a.id == aspect), None)
        return found.partners.mean if found else None


def round_figures(assessment: Assessment) -> RoundFigures:
    """The engine's results of the round and, when a closed partner round has enough partners,
    its partner view (both as the dashboard reads them, stored per change, in Dutch)."""
    results = results_store.round_results(assessment, "nl")
    if results is None:
        return RoundFigures(None, None)
    seen = round_partner_view(assessment, "nl")
    return RoundFigures(results, seen.view if seen is not None else None)


def _most_contested_first(aspects: list[AspectResult]) -> list[AspectResult]:
    return sorted(aspects, key=lambda a: -(a.agreement.ad_m or 0.0))


def proposal(figures: RoundFigures) -> list[Proposed]:
    """Aspects proposed for the agenda. Those proposed for more reasons come first; among equals
    the contested ones (most disagreement first), then the leads (highest priority first), then
    the blind spots."""
    if figures.results is None:
        return []
    found: dict[str, list[str]] = {}
    differ = [a for a in figures.results.aspects if a.agreement.views_differ]
    for aspect in _most_contested_first(differ):
        found.setdefault(aspect.id, []).append(Reason.VIEWS_DIFFER)
    view = figures.partners
    leads = view.leads if view is not None else figures.results.leads
    for lead in leads:
        found.setdefault(lead.aspect, []).append(Reason.LEAD)
    for aspect_id in view.blind_spots if view is not None else ():
        found.setdefault(aspect_id, []).append(Reason.BLIND_SPOT)
    order = {aspect: i for i, aspect in enumerate(found)}
    ranked = sorted(found, key=lambda aspect: (-len(found[aspect]), order[aspect]))
    return [
        Proposed(aspect, tuple(str(r) for r in found[aspect]), figures.of(aspect))
        for aspect in ranked
    ]
