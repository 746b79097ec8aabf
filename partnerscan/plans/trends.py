"""The trend of a round against the earlier rounds it follows up (Assessment.previous).

Every number is the scoring engine's: each earlier round is scored as its own dashboard scores
it, and the change is judged by `partnerscan.scoring.trend.compare`. Rounds below 3
respondents show no numbers (docs/method.md, Anonymity). Aspects of an earlier model version
are followed through the `continues` declarations of the newer version; an aspect without
one has no trend.

The whole trend costs a fixed number of queries, however many rounds came before: the chain,
the responses of all its rounds, their answers and their actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from django.utils import timezone

from partnerscan.assessments.models import Assessment
from partnerscan.assessments.results_store import round_results, stored_results
from partnerscan.assessments.visible_results import counting_respondents
from partnerscan.capability.loader import aspect_map
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.models import Action
from partnerscan.plans.rounds import earlier_rounds
from partnerscan.scoring import Results
from partnerscan.scoring.results import Distribution, Score
from partnerscan.scoring.trend import Change, Summary, compare

Movement = Literal["up", "down", "none", "unknown"]


@dataclass(frozen=True)
class RoundColumn:
    pk: int
    title: str
    date: dt.date
    respondents: int
    shown: bool  # at least 3 respondents: the round has numbers


@dataclass(frozen=True)
class Cell:
    mean: float | None
    n: int


@dataclass(frozen=True)
class TrendRow:
    id: str  # of a condition or an aspect of this round's model
    name: str
    condition: str  # the condition's name, for an aspect; "" for a condition
    cells: tuple[Cell | None, ...]  # per round, oldest first; None: no numbers for that round
    change: Change | None  # from the baseline round to this one

    @property
    def movement(self) -> Movement:
        return movement(self.change)


@dataclass(frozen=True)
class ActionMovement:
    """An action planned after an earlier round, and whether its aspect moved since."""

    action_id: int
    round_title: str
    aspect: str  # name in this round's model, or the old id when it has no continuation
    description: str
    owner: str
    status: str
    change: Change | None

    @property
    def movement(self) -> Movement:
        return movement(self.change)


@dataclass(frozen=True)
class Trend:
    rounds: tuple[RoundColumn, ...]  # oldest first; the last is this round
    baseline: int | None  # index in `rounds` the change is measured from
    conditions: tuple[TrendRow, ...]
    aspects: tuple[TrendRow, ...]
    actions: tuple[ActionMovement, ...]

    @property
    def earlier(self) -> tuple[RoundColumn, ...]:
        return self.rounds[:-1]

    @property
    def baseline_round(self) -> RoundColumn | None:
        return None if self.baseline is None else self.rounds[self.baseline]

    def moved(self, aspect_id: str) -> Movement:
        row = next((r for r in self.aspects if r.id == aspect_id), None)
        return movement(row.change if row else None)


def movement(change: Change | None) -> Movement:
    """up, down, none (within chance) or unknown (no numbers or too few answers to judge)."""
    if change is None or change.direction is None:
        return "unknown"
    return change.direction


# --- loading the rounds ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Round:
    assessment: Assessment
    respondents: int
    results: Results | None


def earlier_results(rounds: list[Assessment], lang: str) -> list[_Round]:
    """Each round scored as its own dashboard scores it, with all rounds loaded together."""
    loaded = stored_results(rounds, lang)
    return [_Round(a, loaded[a.pk].respondents, loaded[a.pk].results) for a in rounds]


# --- building the trend ---------------------------------------------------------------------


def _date(assessment: Assessment) -> dt.date:
    """The date a reader knows the round by: when it closed, or else when it opened."""
    if assessment.closed_at is not None:
        return timezone.localdate(assessment.closed_at)
    return assessment.closes_on or assessment.opens_on or assessment.created.date()


def _column(r: _Round) -> RoundColumn:
    a = r.assessment
    return RoundColumn(a.pk, a.title, _date(a), r.respondents, r.results is not None)


def _summary(stat: Distribution | Score) -> Summary:
    return Summary(stat.n, stat.mean, stat.sd)


def _cell(stat: Distribution | Score | None) -> Cell | None:
    return None if stat is None or stat.mean is None else Cell(stat.mean, stat.n)


def _change(then: Distribution | Score | None, now: Distribution | Score | None) -> Change | None:
    return None if then is None or now is None else compare(_summary(then), _summary(now))


class _Lookup:
    """One round's results, addressed by the ids of this round's model."""

    def __init__(self, model: CapabilityModel, r: _Round) -> None:
        other = r.assessment.capability_model
        # Versions not linked by `continues` measure something else: no trend at all.
        mapping = aspect_map(model, other.version) if other.id == model.id else None
        results = r.results
        self.aspects = {a.id: a.current for a in results.aspects} if results else {}
        linked = results is not None and mapping is not None
        self.conditions = (
            {c.id: c.current for c in results.conditions} if results and linked else {}
        )
        self.mapping = mapping or {}

    def aspect(self, aspect_id: str) -> Distribution | None:
        return self.aspects.get(self.mapping.get(aspect_id, ""))

    def condition(self, condition_id: str) -> Score | None:
        return self.conditions.get(condition_id)


def _rows(
    model: CapabilityModel, lookups: list[_Lookup], baseline: int | None, lang: str
) -> tuple[tuple[TrendRow, ...], tuple[TrendRow, ...]]:
    now = lookups[-1]
    then = lookups[baseline] if baseline is not None else None
    conditions = tuple(
        TrendRow(
            c.id,
            c.name.get(lang),
            "",
            tuple(_cell(x.condition(c.id)) for x in lookups),
            _change(then.condition(c.id), now.condition(c.id)) if then else None,
        )
        for c in model.conditions
    )
    aspects = tuple(
        TrendRow(
            a.id,
            a.name.get(lang),
            c.name.get(lang),
            tuple(_cell(x.aspect(a.id)) for x in lookups),
            _change(then.aspect(a.id), now.aspect(a.id)) if then else None,
        )
        for c in model.conditions
        for a in c.aspects
    )
    return conditions, aspects


def _actions(
    model: CapabilityModel, rounds: list[_Round], lookups: list[_Lookup], lang: str
) -> tuple[ActionMovement, ...]:
    """Actions of the earlier rounds (one query), each with its aspect's change since then."""
    index = {r.assessment.pk: i for i, r in enumerate(rounds[:-1])}
    actions = Action.objects.filter(assessment_id__in=index).order_by("created", "id")
    found = []
    for action in actions:
        i = index[action.assessment_id]
        ours = {old: new for new, old in lookups[i].mapping.items()}.get(action.aspect)
        then = lookups[i].aspects.get(action.aspect)
        now = lookups[-1].aspect(ours) if ours else None
        found.append(
            ActionMovement(
                action_id=action.pk,
                round_title=rounds[i].assessment.title,
                aspect=model.aspect(ours).name.get(lang) if ours else action.aspect,
                description=action.description,
                owner=action.owner,
                status=str(Action.Status(action.status).label),
                change=_change(then, now),
            )
        )
    return tuple(found)


def trend(assessment: Assessment, lang: str, results: Results | None = None) -> Trend | None:
    """This round against the rounds before it; None for a first round.

    `results` are this round's own when the caller already has them (the dashboard does)."""
    earlier = earlier_rounds(assessment)
    if not earlier:
        return None
    if results is None:
        results = round_results(assessment, lang)
    respondents = results.respondents if results else counting_respondents(assessment)
    now = _Round(assessment, respondents, results)
    rounds = [*earlier_results(earlier, lang), now]
    model = assessment.capability_model
    lookups = [_Lookup(model, r) for r in rounds]
    shown = [i for i, r in enumerate(rounds[:-1]) if r.results is not None]
    baseline = shown[-1] if shown and results is not None else None
    conditions, aspects = _rows(model, lookups, baseline, lang)
    return Trend(
        rounds=tuple(_column(r) for r in rounds),
        baseline=baseline,
        conditions=conditions,
        aspects=aspects,
        actions=_actions(model, rounds, lookups, lang),
    )
