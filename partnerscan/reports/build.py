"""Everything a results report shows, as one data object built in a fixed number of queries.

The numbers are the scoring engine's (`partnerscan.scoring`); this module only names them in
the reader's language and picks what each part of the report needs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import override

from partnerscan.assessments import results_store, visible_results
from partnerscan.assessments.models import Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.rows import ActionRow, action_rows, with_movement
from partnerscan.plans.trends import Trend, trend
from partnerscan.pool.benchmark import Benchmark, benchmark
from partnerscan.reports.breakdowns import breakdowns
from partnerscan.reports.comments import comments
from partnerscan.reports.partners import PartnerSection, partner_section
from partnerscan.reports.rows import AspectRow, BreakdownView, Comments, ConditionRow, LeadRow
from partnerscan.reports.workshops import AgreedSeries, agreed_series
from partnerscan.scoring.partner_results import PartnerLead
from partnerscan.scoring.results import Lead, Results
from partnerscan.workshop.record import WorkshopRecord, workshop_records

SORTS = ("model", "gap", "current", "ambition", "priority")


@dataclass(frozen=True)
class Interim:
    """An open round's interim results: a snapshot of `respondents`, renewed after `every`."""

    respondents: int
    taken_on: dt.date
    every: int


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    model: CapabilityModel
    lang: str
    counts: dict[str, int]
    rate: float | None
    respondents: int
    results: Results | None
    level_names: tuple[str, ...]
    shares: tuple[tuple[str, float], ...]  # (challenge type name, share)
    conditions: tuple[ConditionRow, ...] = ()
    aspects: tuple[AspectRow, ...] = ()
    leads: tuple[LeadRow, ...] = ()
    breakdowns: tuple[BreakdownView, ...] = ()
    comments: tuple[Comments, ...] = ()
    weakest: ConditionRow | None = None
    benchmark: Benchmark | None = None  # against all peers in the pool; None when not opted in
    actions: tuple[ActionRow, ...] = ()  # the action plan; shown with or without results
    trend: Trend | None = None  # against the earlier rounds this one follows up; None if none
    # Set while the round is open and the owner turned interim results on and one was taken.
    interim: Interim | None = None
    # How partners see us: None when the round has no partner round.
    partners: PartnerSection | None = None
    # The round's live or ended workshops (docs/workshop.md, "The record").
    workshops: tuple[WorkshopRecord, ...] = ()
    # In the trend: the levels agreed in earlier rounds' workshops, a series of their own.
    agreed: AgreedSeries | None = None

    @property
    def has_results(self) -> bool:
        return self.results is not None

    @property
    def overall_level_name(self) -> str:
        level = self.results.overall.level if self.results else None
        return self.level_names[level - 1] if level else ""

    @property
    def plan_followed_up(self) -> bool:
        """A follow-up round has measured the plan's aspects again."""
        return any(row.since is not None for row in self.actions)

    @property
    def flagged(self) -> tuple[AspectRow, ...]:
        return tuple(a for a in self.aspects if a.result.agreement.views_differ)

    @property
    def insufficient(self) -> tuple[AspectRow, ...]:
        return tuple(a for a in self.aspects if a.result.insufficient_view)


def results_json(report: Report) -> dict[str, Any] | None:
    """The results JSON of docs/method.md, which the page's export and the API both give: the
    engine's results and, with a partner view, `partner_view` beside them. None when the
    report has no results (below 3 respondents, or an open round without interim results)."""
    if report.results is None:
        return None
    data = report.results.to_dict()
    partners = report.partners
    data["partner_view"] = partners.view.to_dict() if partners and partners.view else None
    return data


def build_report(assessment: Assessment, lang: str) -> Report:
    """The whole report in `lang`; below 3 respondents it holds counts but no results."""
    with override(lang):
        return _build(assessment, lang)


def _build(assessment: Assessment, lang: str) -> Report:
    model = assessment.capability_model
    counts = visible_results.invitation_counts(assessment)
    results = results_store.round_results(assessment, lang)
    report = Report(
        assessment=assessment,
        model=model,
        lang=lang,
        counts=counts,
        rate=visible_results.response_rate(counts),
        # While open, the count of submitted responses, not the snapshot's number; once
        # closed, the respondents who count (a submission without answers counts nowhere).
        respondents=results.respondents
        if results and assessment.results_live
        else _submitted(assessment)
        if not assessment.results_live
        else visible_results.counting_respondents(assessment),
        results=results,
        interim=_interim(assessment) if results and not assessment.results_live else None,
        level_names=tuple(level.name.get(lang) for level in model.levels),
        shares=_shares(model, assessment.shares or {}, lang),
        actions=with_movement(assessment, action_rows(assessment, results, lang), lang),
        partners=partner_section(assessment, model, results, lang),
    )
    return report if results is None else _with_results(report, model, results, lang)


def _with_results(report: Report, model: CapabilityModel, results: Results, lang: str) -> Report:
    conditions = _conditions(model, results, lang)
    aspects = _aspects(model, results, lang)
    flagged = [a.result.id for a in aspects if a.result.agreement.views_differ]
    weakest = results.overall.weakest_condition
    found = trend(report.assessment, lang, results=results)
    return replace(
        report,
        conditions=conditions,
        aspects=aspects,
        leads=_leads(model, results, report.partners, lang),
        breakdowns=breakdowns(model, results, lang, flagged, aspects),
        comments=comments(model, report.assessment, lang),
        weakest=next((c for c in conditions if c.id == weakest), None),
        benchmark=benchmark(report.assessment, lang, results=results),
        trend=found,
        workshops=workshop_records(report.assessment, lang),
        agreed=agreed_series(report.assessment, found, lang),
    )


def _interim(assessment: Assessment) -> Interim | None:
    snapshot = visible_results.latest_snapshot(assessment)
    if snapshot is None:
        return None
    return Interim(snapshot.counting_respondents, snapshot.taken_on, assessment.min_group)


def _submitted(assessment: Assessment) -> int:
    return assessment.responses.filter(submitted=True).count()


def _shares(
    model: CapabilityModel, shares: dict[str, float], lang: str
) -> tuple[tuple[str, float], ...]:
    return tuple(
        (kind.name.get(lang), float(shares[kind.id]))
        for kind in model.challenge_types
        if kind.id in shares
    )


def _level_name(model: CapabilityModel, level: int | None, lang: str) -> str:
    return model.level_name(level, lang) if level else ""


def _conditions(model: CapabilityModel, results: Results, lang: str) -> tuple[ConditionRow, ...]:
    names = {c.id: c.name.get(lang) for c in model.conditions}
    return tuple(
        ConditionRow(
            id=c.id,
            name=names[c.id],
            n=c.current.n,
            current=c.current.mean,
            ambition=c.ambition.mean,
            level=c.level,
            level_name=_level_name(model, c.level, lang),
            alpha=c.alpha,
            alpha_n=c.alpha_n,
        )
        for c in results.conditions
    )


def _aspects(model: CapabilityModel, results: Results, lang: str) -> tuple[AspectRow, ...]:
    conditions = {c.id: c.name.get(lang) for c in model.conditions}
    return tuple(
        AspectRow(i, model.aspect(a.id).name.get(lang), conditions[a.condition], a)
        for i, a in enumerate(results.aspects, start=1)
    )


def _leads(
    model: CapabilityModel, results: Results, partners: PartnerSection | None, lang: str
) -> tuple[LeadRow, ...]:
    """The engine's leads, or, with a partner view, the leads that listen to partners
    (docs/method.md, "Partner view"): a blind spot adds its difference to the priority."""
    by_id = {a.id: a for a in results.aspects}
    view = partners.view if partners is not None else None
    leads: tuple[Lead | PartnerLead, ...] = view.leads if view is not None else results.leads
    return tuple(
        LeadRow(
            aspect=model.aspect(lead.aspect).name.get(lang),
            condition=model.condition_of(lead.aspect).name.get(lang),
            level=lead.level,
            level_name=model.level_name(lead.level, lang),
            next_step=lead.next_step,
            priority=lead.priority,
            weight=by_id[lead.aspect].weight,
            aspect_id=lead.aspect,
            partner_addition=lead.partner_addition if isinstance(lead, PartnerLead) else None,
            by_partners=isinstance(lead, PartnerLead) and lead.by_partners,
        )
        for lead in leads
    )


# --- sorting ------------------------------------------------------------------------------------


def _sort_key(sort: str, row: AspectRow) -> tuple[int, float, int]:
    """Missing numbers last; ties in model order."""
    value = {
        "gap": row.result.gap.mean,
        "current": row.result.current.mean,
        "ambition": row.result.ambition.mean,
        "priority": row.result.priority,
    }.get(sort)
    if value is None:
        return (1, 0.0, row.position)
    # Lowest current first (where to start); highest gap, ambition and priority first.
    return (0, value if sort == "current" else -value, row.position)


def sorted_aspects(report: Report, sort: str) -> tuple[AspectRow, ...]:
    if sort not in SORTS or sort == "model":
        return report.aspects
    return tuple(sorted(report.aspects, key=lambda row: _sort_key(sort, row)))
