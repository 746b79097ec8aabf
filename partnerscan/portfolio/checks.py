"""What a partnership and a partner organisation may hold: the one set of rules behind the forms,
the import and the workflows. Each problem is named by its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Membership, Organisation
from partnerscan.capability.schema import CHALLENGE_TYPES
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

PARTNERSHIP_FIELDS = (
    "name",
    "partners",
    "challenge_type",
    "goal",
    "goal_date",
    "owner",
    "owner_name",
    "departments",
    "phase",
    "importance",
    "started_on",
    "review_on",
    "review_interval_months",
    "notes",
)
PARTNER_FIELDS = ("name", "kind")
DATES = ("goal_date", "started_on", "review_on")
MOST_MONTHS = 120
REQUIRED = _("This field is required.")


def _known(fields: dict[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise TypeError(f"Not a field of {what}: {', '.join(unknown)}")


def _max_length(model: type[Model], name: str) -> int:
    return int(model._meta.get_field(name).max_length or 0)  # type: ignore[union-attr]


def _name_problem(
    model: type[Model], organisation: Organisation, name: Any, current: Model | None
) -> str | None:
    text = str(name or "").strip()
    if not text:
        return str(REQUIRED)
    most = _max_length(model, "name")
    if len(text) > most:
        return _("At most %(most)d characters.") % {"most": most}
    same = model._default_manager.filter(organisation=organisation, name__iexact=text)
    if current is not None:
        same = same.exclude(pk=current.pk)
    if same.exists():
        return _("The organisation already has one by this name.")
    return None


def partner_problems(
    organisation: Organisation, fields: dict[str, Any], current: PartnerOrganisation | None = None
) -> dict[str, str]:
    _known(fields, PARTNER_FIELDS, "a partner organisation")
    problems: dict[str, str] = {}
    if "name" in fields or current is None:
        found = _name_problem(PartnerOrganisation, organisation, fields.get("name"), current)
        if found:
            problems["name"] = found
    if fields.get("kind", "") not in ("", *PartnerOrganisation.Kind.values):
        problems["kind"] = _("Unknown kind of organisation.")
    return problems


def partnership_problems(
    organisation: Organisation, fields: dict[str, Any], current: Partnership | None = None
) -> dict[str, str]:
    """What is wrong with `fields` for a partnership of `organisation` (`current` when it is
    being changed); for a new one, the required fields must be there."""
    _known(fields, PARTNERSHIP_FIELDS, "a partnership")
    problems: dict[str, str] = {}
    if "name" in fields or current is None:
        found = _name_problem(Partnership, organisation, fields.get("name"), current)
        if found:
            problems["name"] = found
    required = ("partners", "challenge_type", "goal") if current is None else ()
    for name in required:
        if name not in fields:
            problems[name] = str(REQUIRED)
    for name, value in fields.items():
        found = _field_problem(organisation, name, value)
        if found:
            problems[name] = found
    if fields.get("owner") is not None and str(fields.get("owner_name") or "").strip():
        problems["owner_name"] = _("Choose a member or type a name, not both.")
    return problems


def _field_problem(organisation: Organisation, name: str, value: Any) -> str | None:
    if name == "partners":
        return _partners_problem(organisation, value)
    if name == "challenge_type" and value not in CHALLENGE_TYPES:
        return _("Unknown challenge type.")
    if name == "goal" and not str(value or "").strip():
        return _("Say what the partnership must achieve.")
    if name in DATES and value is not None and not isinstance(value, dt.date):
        return _("Enter a date.")
    if name == "owner" and not _member_of(organisation, value):
        return _("The owner must be a member of the organisation.")
    if name == "owner_name" and len(str(value or "")) > _max_length(Partnership, "owner_name"):
        return _("At most %(most)d characters.") % {"most": _max_length(Partnership, name)}
    if name == "departments":
        return _departments_problem(organisation, value)
    if name == "phase" and value not in Partnership.Phase.values:
        return _("Unknown phase.")
    if name == "importance" and value not in Partnership.Importance.values:
        return _("The importance must be 1, 2 or 3.")
    if name == "review_interval_months" and not _months(value):
        return _("A whole number of months from 1 to %(most)d.") % {"most": MOST_MONTHS}
    return None


def _member_of(organisation: Organisation, value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, Membership) and value.organisation_id == organisation.pk


def _months(value: Any) -> bool:
    if value is None:
        return True
    return isinstance(value, int) and 1 <= value <= MOST_MONTHS


def _partners_problem(organisation: Organisation, partners: Any) -> str | None:
    partners = list(partners or [])
    if not partners:
        return _("Choose at least one partner organisation.")
    if any(
        not isinstance(p, PartnerOrganisation) or p.organisation_id != organisation.pk
        for p in partners
    ):
        return _("Choose partner organisations of this organisation.")
    return None


def _departments_problem(organisation: Organisation, departments: Any) -> str | None:
    unknown = [d for d in departments or [] if d not in organisation.departments]
    if unknown:
        return _("Not a department of the organisation: %(names)s") % {"names": ", ".join(unknown)}
    return None
