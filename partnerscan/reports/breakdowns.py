"""The breakdowns of a report: the engine's figures per role, department and group."""

from __future__ import annotations

from django.utils.translation import gettext as _

from partnerscan.capability.schema import CapabilityModel
from partnerscan.reports.rows import AspectRow, BreakdownView, GroupRow, HeatRow
from partnerscan.scoring.records import GROUPINGS
from partnerscan.scoring.results import Breakdown, BreakdownGroup, Results


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


def breakdowns(
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
