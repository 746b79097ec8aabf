"""How partners see us: the partner view of a round as the dashboard and the PDF show it.

The numbers are `scoring.partner_view`'s, as stored per change (`partnerview.view_store`: closed
partner rounds only); this module names the figures in the reader's language, reads the
partners' comments (`partnerview.records`) and finds the previous partner round for the change
since then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerscan.assessments.models import Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.partnerview.models import PartnerRound
from partnerscan.partnerview.records import partner_comments
from partnerscan.partnerview.view_store import round_partner_view
from partnerscan.plans.rounds import earlier_rounds
from partnerscan.portfolio.models import PartnerOrganisation
from partnerscan.reports.comments import comment_groups
from partnerscan.reports.rows import Comments
from partnerscan.scoring.partner_results import (
    PartnerBreakdown,
    PartnerChange,
    PartnerView,
    ScoreSide,
    Side,
)
from partnerscan.scoring.partner_view import partner_changes
from partnerscan.scoring.results import Results


@dataclass(frozen=True)
class PartnerRow:
    """One aspect or condition: our own view beside the partners'."""

    id: str
    name: str
    condition: str
    own: Side | ScoreSide
    partners: Side | ScoreSide
    difference: float | None
    larger_than_chance: bool | None
    verdict: str | None  # blind_spot, hidden_strength, same, or None when not judged
    condition_id: str = ""
    low: float | None = None  # the difference's 95% interval and p (Welch)
    high: float | None = None
    p: float | None = None

    @property
    def verdict_text(self) -> str:
        return verdict_text(self.verdict)


@dataclass(frozen=True)
class GroupTable:
    """A breakdown of the partners (by organisation or by kind): aspects × shown groups."""

    title: str
    suppressed: bool
    groups: tuple[tuple[str, int], ...]  # (label, n) per shown group
    rows: tuple[tuple[str, tuple[float | None, ...]], ...]  # (aspect name, mean per group)

    @property
    def labelled_rows(self) -> list[tuple[str, list[tuple[str, int, float | None]]]]:
        """(aspect name, (group label, n, mean) per group): a phone shows each mean under the
        name of its group."""
        return [
            (name, [(*group, mean) for group, mean in zip(self.groups, cells, strict=True)])
            for name, cells in self.rows
        ]


@dataclass(frozen=True)
class ChangeRow:
    name: str
    then: float | None
    now: float | None
    change: float | None
    direction: str | None  # up, down, none; None when not judged
    kind: str = "aspect"  # or "condition"


@dataclass(frozen=True)
class PartnerSection:
    """What the report says about partners. `view` is None while the partner round is open,
    or when too few partners answered (`respondents` then says how many did)."""

    state: str  # open, closed
    min_group: int
    respondents: int
    view: PartnerView | None
    internal: tuple[str, ...] = ()  # names of the aspects partners were not asked about
    aspects: tuple[PartnerRow, ...] = ()
    conditions: tuple[PartnerRow, ...] = ()
    blind_spots: tuple[PartnerRow, ...] = ()
    hidden_strengths: tuple[PartnerRow, ...] = ()
    breakdowns: tuple[GroupTable, ...] = ()
    comments: tuple[Comments, ...] = ()
    previous_title: str = ""
    changes: tuple[ChangeRow, ...] = ()

    @property
    def organisations(self) -> int:
        return self.view.organisations if self.view else 0

    @property
    def conditions_left_out(self) -> tuple[str, ...]:
        """Conditions with enough partners but no partners' figure: beside their aspects' it
        would single out fewer than k partners (docs/method.md, "Partner view")."""
        return tuple(
            row.name
            for row in self.conditions
            if row.partners.mean is None and row.partners.n >= self.min_group
        )


def verdict_text(verdict: str | None) -> str:
    return {
        "blind_spot": _("blind spot: we rate ourselves higher"),
        "hidden_strength": _("hidden strength: partners rate us higher"),
        "same": _("no clear difference"),
    }.get(verdict or "", _("not judged"))


def partner_section(
    assessment: Assessment, model: CapabilityModel, results: Results | None, lang: str
) -> PartnerSection | None:
    """None when the round has no partner round; otherwise its state and, once closed and
    with the own results known, the partner view (stored, partnerview/view_store.py)."""
    partner_round = PartnerRound.objects.filter(assessment=assessment).first()
    if partner_round is None:
        return None
    state = "open" if partner_round.is_open else "closed"
    empty = PartnerSection(state, partner_round.min_group, 0, None)
    seen = round_partner_view(assessment, lang) if results is not None else None
    if seen is None:
        return empty
    view = seen.view
    if view is None:
        return PartnerSection(state, partner_round.min_group, seen.partners, None)
    previous = _previous(assessment, lang)
    aspects = _aspect_rows(model, view, lang)
    return PartnerSection(
        state=state,
        min_group=partner_round.min_group,
        respondents=view.respondents,
        view=view,
        internal=tuple(a.name.get(lang) for a in model.aspects if a.partner_wording is None),
        aspects=aspects,
        conditions=_condition_rows(model, view, lang),
        blind_spots=_pick(aspects, view.blind_spots),
        hidden_strengths=_pick(aspects, view.hidden_strengths),
        breakdowns=(
            _group_table(model, view.by_organisation, _("By partner organisation"), lang, {}),
            _group_table(model, view.by_kind, _("By kind of partner"), lang, _kind_names()),
        ),
        comments=comment_groups(model.partner_aspects, partner_comments(assessment), lang),
        previous_title=previous[0].title if previous else "",
        changes=_changes(model, previous[1], view, lang) if previous else (),
    )


def _aspect_rows(model: CapabilityModel, view: PartnerView, lang: str) -> tuple[PartnerRow, ...]:
    return tuple(
        PartnerRow(
            id=a.id,
            name=model.aspect(a.id).name.get(lang),
            condition=model.condition_of(a.id).name.get(lang),
            own=a.own,
            partners=a.partners,
            difference=a.difference,
            larger_than_chance=a.larger_than_chance,
            verdict=a.verdict,
            condition_id=a.condition,
            low=a.low,
            high=a.high,
            p=a.p,
        )
        for a in view.aspects
    )


def _condition_rows(model: CapabilityModel, view: PartnerView, lang: str) -> tuple[PartnerRow, ...]:
    names = {c.id: c.name.get(lang) for c in model.conditions}
    return tuple(
        PartnerRow(
            id=c.id,
            name=names[c.id],
            condition=names[c.id],
            own=c.own,
            partners=c.partners,
            difference=c.difference,
            larger_than_chance=c.larger_than_chance,
            verdict=c.verdict,
            condition_id=c.id,
            low=c.low,
            high=c.high,
            p=c.p,
        )
        for c in view.conditions
    )


def _pick(rows: tuple[PartnerRow, ...], ids: tuple[str, ...]) -> tuple[PartnerRow, ...]:
    by_id = {row.id: row for row in rows}
    return tuple(by_id[i] for i in ids if i in by_id)


def _kind_names() -> dict[str, str]:
    return {str(value): str(label) for value, label in PartnerOrganisation.Kind.choices}


def _group_label(label: str | None, kind: str, names: Mapping[str, str]) -> str:
    if kind == "other":
        return _("other (smaller groups together)")
    if kind == "missing" or label is None:
        return _("(not given)")
    return names.get(label, label)


def _group_table(
    model: CapabilityModel,
    breakdown: PartnerBreakdown,
    title: str,
    lang: str,
    names: Mapping[str, str],
) -> GroupTable:
    if breakdown.suppressed or not breakdown.groups:
        return GroupTable(title, True, (), ())
    groups = breakdown.groups
    means = [{a.id: a.mean for a in g.aspects} for g in groups]
    rows = tuple(
        (model.aspect(a.id).name.get(lang), tuple(m.get(a.id) for m in means))
        for a in model.partner_aspects
    )
    labels = tuple((_group_label(g.group, g.kind, names), g.n) for g in groups)
    return GroupTable(title, False, labels, rows)


def _previous(assessment: Assessment, lang: str) -> tuple[Assessment, PartnerView] | None:
    """The newest earlier round with a partner view, and that view."""
    for earlier in reversed(earlier_rounds(assessment)):
        seen = round_partner_view(earlier, lang)
        if seen is not None and seen.view is not None:
            return earlier, seen.view
    return None


def _changes(
    model: CapabilityModel, then: PartnerView, now: PartnerView, lang: str
) -> tuple[ChangeRow, ...]:
    names = {a.id: a.name.get(lang) for a in model.aspects}
    names |= {c.id: c.name.get(lang) for c in model.conditions}
    return tuple(_change_row(change, names) for change in partner_changes(then, now))


def _change_row(change: PartnerChange, names: Mapping[str, str]) -> ChangeRow:
    return ChangeRow(
        name=names.get(change.id, change.id),
        then=change.then_mean,
        now=change.now_mean,
        change=change.change,
        direction=change.direction,
        kind=change.kind,
    )
