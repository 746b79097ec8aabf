"""Workflows of the action plan. Each is atomic, writes an audit event, and is the only way
its write happens.

Actions may be added and changed in any state of the assessment: a plan is usually made in
the workshop after the round has closed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from partnerscan.accounts.models import User
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.plans.models import Action

FIELDS = ("aspect", "description", "owner", "due_on", "status", "target_level")
LEVELS = range(1, 6)


def check_fields(assessment: Assessment, fields: dict[str, Any]) -> None:
    """Refuse what the form would refuse too, each problem under its field's name."""
    problems: dict[str, str] = {}
    unknown = sorted(set(fields) - set(FIELDS))
    if unknown:
        raise TypeError(f"Not a field of an action: {', '.join(unknown)}")
    aspect_ids = {aspect.id for aspect in assessment.capability_model.aspects}
    if "aspect" in fields and fields["aspect"] not in aspect_ids:
        problems["aspect"] = _("This is not an aspect of the assessment's model.")
    target = fields.get("target_level")
    if target is not None and target not in LEVELS:
        problems["target_level"] = _("The target level must be 1 to 5, or empty.")
    if "status" in fields and fields["status"] not in Action.Status.values:
        problems["status"] = _("Unknown status.")
    due_on = fields.get("due_on")
    if due_on is not None and not isinstance(due_on, dt.date):
        problems["due_on"] = _("Enter a date.")
    for name in ("description", "owner"):
        if name in fields and not str(fields[name] or "").strip():
            problems[name] = _("This field is required.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def create_action(assessment: Assessment, by: User | None, **fields: Any) -> Action:
    check_fields(assessment, fields)
    missing = [name for name in ("aspect", "description", "owner") if name not in fields]
    if missing:
        raise ValidationError(dict.fromkeys(missing, _("This field is required.")))
    action = Action.objects.create(assessment=assessment, created_by=by, **fields)
    record(
        Event.ACTION_ADDED,
        user=by,
        assessment=assessment,
        detail=_detail(action),
        code="action_added",
        params=_params(action),
    )
    return action


@transaction.atomic
def update_action(action: Action, by: User | None, **fields: Any) -> Action:
    """Save only what changed; an unchanged form writes nothing and logs nothing."""
    check_fields(action.assessment, fields)
    # Compare with the stored row: a ModelForm has already written its values on `action`.
    action = (
        Action.objects.select_for_update()
        .select_related("assessment__organisation")
        .get(pk=action.pk)
    )
    changed = [name for name, value in fields.items() if getattr(action, name) != value]
    if not changed:
        return action
    for name in changed:
        setattr(action, name, fields[name])
    action.save(update_fields=[*changed, "updated"])
    # Field names and the status only: a description or an owner's name is free text.
    detail = f"{_detail(action)}; changed {', '.join(changed)}"
    if "status" in changed:
        detail += f"; status {action.status}"
    params = _params(action) | {"fields": changed}
    if "status" in changed:
        params["status"] = action.status
    record(
        Event.ACTION_CHANGED,
        user=by,
        assessment=action.assessment,
        detail=detail,
        code="action_changed",
        params=params,
    )
    return action


@transaction.atomic
def delete_action(action: Action, by: User | None) -> None:
    detail, params = _detail(action), _params(action)
    action.delete()
    record(
        Event.ACTION_DELETED,
        user=by,
        assessment=action.assessment,
        detail=detail,
        code="action_deleted",
        params=params,
    )


def _detail(action: Action) -> str:
    return f"action {action.pk} on {action.aspect}"


def _params(action: Action) -> dict[str, Any]:
    """The action's number and its aspect's name in each language (the log shows the name,
    never the internal id)."""
    model = action.assessment.capability_model
    try:
        text = model.aspect(action.aspect).name
        names = {"nl": text.nl, "en": text.en}
    except KeyError:
        names = {}
    return {"id": action.pk, "aspect_id": action.aspect, "aspect": names}
