"""The rows of an action plan, named in the reader's language, beside a round's numbers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.translation import override

from partnerscan.assessments.models import Assessment
from partnerscan.capability.schema import CapabilityModel
from partnerscan.plans.models import Action
from partnerscan.plans.rounds import follow_up_of
from partnerscan.plans.trends import ActionMovement, trend
from partnerscan.scoring.results import Results
from partnerscan.scoring.stats import level_of


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


def with_movement(
    assessment: Assessment, rows: tuple[ActionRow, ...], lang: str
) -> tuple[ActionRow, ...]:
    """Whether each action's aspect moved: known once the follow-up round has numbers."""
    follow_up = follow_up_of(assessment) if rows else None
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


def _level_name(model: CapabilityModel, level: int | None, lang: str) -> str:
    return model.level_name(level, lang) if level else ""


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
