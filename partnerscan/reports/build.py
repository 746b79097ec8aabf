"""Everything a results report shows, as one data object built in a fixed number of queries.

The numbers are the scoring engine's (`partnerscan.scoring`); this module only names them in
the reader's language and picks what each part of the report needs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, replace

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override

from partnerscan.assessments import visible_results
from partnerscan.assessments.models import Answer, Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.models import Action
from partnerscan.plans.trends import ActionMovement, Trend, trend
from partnerscan.pool.benchmark import Benchmark, benchmark
from partnerscan.scoring.results import AspectResult, Breakdown, BreakdownGroup, Results
from partnerscan.scoring.stats import level_of

GROUPINGS = ("role", "department", "group")
COMMENTS_SHOWN = 25  # per aspect; the responses export holds every comment
SORTS = ("model", "gap", "current", "ambition", "priority")


@dataclass(frozen=True)
class ConditionRow:
    id: str
    name: str
    n: int  # respondents with a score on the condition (now)
    current: float | None
    ambition: float | None
    level: int | None
    level_name: str
    alpha: float | None
    alpha_n: int


@dataclass(frozen=True)
class AspectRow:
    position: int  # in model order, from 1
    name: str
    condition: str
    result: AspectResult


@dataclass(frozen=True)
class LeadRow:
    aspect: str
    condition: str
    level: int
    level_name: str
    next_step: str
    priority: float
    weight: float
    aspect_id: str = ""  # for the "plan an action for this lead" link


@dataclass(frozen=True)
class GroupRow:
    label: str
    n: int
    conditions: tuple[float | None, ...]  # current means, in model order
    flagged: tuple[float | None, ...]  # current means of the aspects where views differ


@dataclass(frozen=True)
class HeatRow:
    """One aspect across the shown groups of a breakdown: the engine's means, None where the
    engine suppressed the figure for that group (its answers are then in "other")."""

    aspect: str
    condition: str
    cells: tuple[float | None, ...]  # in the order of BreakdownView.heat_groups


@dataclass(frozen=True)
class BreakdownView:
    grouping: str
    title: str
    suppressed: bool
    groups: tuple[GroupRow, ...]
    # The heat map of aspects × groups: only the groups with at least one shown aspect figure.
    heat_groups: tuple[str, ...] = ()
    heat: tuple[HeatRow, ...] = ()


@dataclass(frozen=True)
class Comments:
    aspect: str
    shown: tuple[str, ...]
    more: int


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


def build_report(assessment: Assessment, lang: str) -> Report:
    """The whole report in `lang`; below 3 respondents it holds counts but no results."""
    with override(lang):
        return _build(assessment, lang)


def _build(assessment: Assessment, lang: str) -> Report:
    model = assessment.capability_model
    counts = visible_results.invitation_counts(assessment)
    results = visible_results.assessment_results(assessment, lang)
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
        actions=_with_movement(assessment, action_rows(assessment, results, lang), lang),
    )
    return report if results is None else _with_results(report, model, results, lang)


def _with_results(report: Report, model: CapabilityModel, results: Results, lang: str) -> Report:
    conditions = _conditions(model, results, lang)
    aspects = _aspects(model, results, lang)
    flagged = [a.result.id for a in aspects if a.result.agreement.views_differ]
    weakest = results.overall.weakest_condition
    return replace(
        report,
        conditions=conditions,
        aspects=aspects,
        leads=_leads(model, results, lang),
        breakdowns=_breakdowns(model, results, lang, flagged, aspects),
        comments=_comments(model, report.assessment, lang),
        weakest=next((c for c in conditions if c.id == weakest), None),
        benchmark=benchmark(report.assessment, lang, results=results),
        trend=trend(report.assessment, lang, results=results),
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


def _leads(model: CapabilityModel, results: Results, lang: str) -> tuple[LeadRow, ...]:
    by_id = {a.id: a for a in results.aspects}
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
        )
        for lead in results.leads
    )


# --- breakdowns ---------------------------------------------------------------------------------


def breakdown_titles() -> dict[str, str]:
    return {
        "role": _("By role"),
        "department": _("By department"),
        "group": _("Internal or external"),
    }


def role_labels(model: CapabilityModel, lang: str) -> dict[str, str]:
    return {o.id: o.label.get(lang) for q in model.context if q.id == "role" for o in q.options}


def group_label(grouping: str, group: BreakdownGroup, roles: dict[str, str]) -> str:
    """A group's label for people: the model's role names, translated fixed values."""
    if group.kind == "other":
        return _("other (smaller groups together)")
    if group.kind == "missing" or group.group is None:
        return _("(not given)")
    if grouping == "role":
        return roles.get(group.group, group.group)
    if grouping == "group":
        return {"internal": _("internal"), "external": _("external")}.get(group.group, group.group)
    return group.group


def _heat(
    grouping: str, breakdown: Breakdown, roles: dict[str, str], aspects: tuple[AspectRow, ...]
) -> tuple[tuple[str, ...], tuple[HeatRow, ...]]:
    """The engine's per-figure group means, unchanged: a cell is a number only where the engine
    gave one, so the heat map shows nothing the breakdown tables would not."""
    shown = [g for g in breakdown.groups if any(a.current.mean is not None for a in g.aspects)]
    if breakdown.suppressed or not shown:
        return (), ()
    means = [{a.id: a.current.mean for a in group.aspects} for group in shown]
    rows = tuple(
        HeatRow(
            aspect=row.name,
            condition=row.condition,
            cells=tuple(group.get(row.result.id) for group in means),
        )
        for row in aspects
    )
    return tuple(group_label(grouping, g, roles) for g in shown), rows


def _breakdown(
    grouping: str,
    breakdown: Breakdown,
    roles: dict[str, str],
    flagged: list[str],
    aspects: tuple[AspectRow, ...] = (),
) -> BreakdownView:
    rows = []
    for group in breakdown.groups:
        means = {a.id: a.current.mean for a in group.aspects}
        rows.append(
            GroupRow(
                label=group_label(grouping, group, roles),
                n=group.n,
                conditions=tuple(c.current.mean for c in group.conditions),
                flagged=tuple(means[i] for i in flagged),
            )
        )
    title = breakdown_titles()[grouping]
    heat_groups, heat = _heat(grouping, breakdown, roles, aspects)
    return BreakdownView(grouping, title, breakdown.suppressed, tuple(rows), heat_groups, heat)


def _breakdowns(
    model: CapabilityModel,
    results: Results,
    lang: str,
    flagged: list[str],
    aspects: tuple[AspectRow, ...],
) -> tuple[BreakdownView, ...]:
    roles = role_labels(model, lang)
    return tuple(
        _breakdown(grouping, getattr(results.breakdowns, grouping), roles, flagged, aspects)
        for grouping in GROUPINGS
    )


# --- comments -----------------------------------------------------------------------------------


def _comments(model: CapabilityModel, assessment: Assessment, lang: str) -> tuple[Comments, ...]:
    """One query, and none while the round is open: a comment that appears the moment one
    person submits names its writer. Shown in an order that is random but fixed for the round
    (never by time, respondent or text), without role or department, which are not even read."""
    if not assessment.results_live:
        return ()
    texts = (
        Answer.objects.filter(response__assessment=assessment, response__submitted=True)
        .exclude(comment="")
        .values_list("aspect", "comment")
    )
    per_aspect: dict[str, list[str]] = defaultdict(list)
    for aspect, comment in texts.iterator(chunk_size=2000):
        per_aspect[aspect].append(comment)
    seed = comment_seed(assessment)
    for comments in per_aspect.values():
        comments.sort(key=lambda text: hashlib.sha256(seed + text.encode()).digest())
    return tuple(
        Comments(
            aspect.name.get(lang),
            tuple(per_aspect[aspect.id][:COMMENTS_SHOWN]),
            max(0, len(per_aspect[aspect.id]) - COMMENTS_SHOWN),
        )
        for aspect in model.aspects
        if per_aspect.get(aspect.id)
    )


def comment_seed(assessment: Assessment) -> bytes:
    """A key per round that nobody can compute without the server's secret, so the order
    of the comments cannot be predicted or undone; reloads show the same order."""
    secret = f"{settings.SECRET_KEY}:comments:{assessment.pk}:".encode()
    return hashlib.sha256(secret).digest()


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


# --- action plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    """One action of the plan, named in the reader's language, beside this round's numbers."""

    id: int
    aspect_id: str
    aspect: str
    condition: str
    description: str
    owner: str
    due_on: dt.date | None
    status: str
    status_label: str
    target_level: int | None
    target_level_name: str
    # This round's mean of the current level and that mean as a level; None without results
    # (below 3 respondents no number is shown anywhere).
    current: float | None
    level: int | None
    level_name: str
    # How the aspect moved from this round to its follow-up round; None until that round has
    # numbers.
    since: ActionMovement | None = None


def action_rows(
    assessment: Assessment, results: Results | None, lang: str
) -> tuple[ActionRow, ...]:
    """The whole plan in one query, in model order (then due date, then as added)."""
    model = assessment.capability_model
    position = {aspect.id: i for i, aspect in enumerate(model.aspects)}
    actions = sorted(
        Action.objects.filter(assessment=assessment),
        key=lambda a: (position.get(a.aspect, len(position)), a.due_on or dt.date.max, a.pk),
    )
    with override(lang):
        return tuple(action_row(model, action, results, lang) for action in actions)


def _with_movement(
    assessment: Assessment, rows: tuple[ActionRow, ...], lang: str
) -> tuple[ActionRow, ...]:
    """Whether each action's aspect moved: known once the follow-up round has numbers."""
    follow_up = assessment.follow_ups.first() if rows else None
    later = trend(follow_up, lang) if follow_up else None
    if later is None:
        return rows
    since = {movement.action_id: movement for movement in later.actions}
    return tuple(replace(row, since=since.get(row.id)) for row in rows)


def action_row(
    model: CapabilityModel, action: Action, results: Results | None, lang: str
) -> ActionRow:
    result = next((a for a in results.aspects if a.id == action.aspect), None) if results else None
    current = result.current.mean if result else None
    level = level_of(current)
    return ActionRow(
        id=action.pk,
        aspect_id=action.aspect,
        aspect=_aspect_name(model, action.aspect, lang),
        condition=_condition_name(model, action.aspect, lang),
        description=action.description,
        owner=action.owner,
        due_on=action.due_on,
        status=action.status,
        status_label=str(Action.Status(action.status).label),
        target_level=action.target_level,
        target_level_name=_level_name(model, action.target_level, lang),
        current=current,
        level=level,
        level_name=_level_name(model, level, lang),
    )


def _aspect_name(model: CapabilityModel, aspect_id: str, lang: str) -> str:
    # An id the pinned model does not know cannot come through the domain; show it, not fail.
    try:
        return model.aspect(aspect_id).name.get(lang)
    except KeyError:
        return aspect_id


def _condition_name(model: CapabilityModel, aspect_id: str, lang: str) -> str:
    try:
        return model.condition_of(aspect_id).name.get(lang)
    except KeyError:
        return ""
