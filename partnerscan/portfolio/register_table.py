"""The register as a table for export (core/tables.py), and the columns an import reads back.

Fixed lists are written by their names in the export's language; the import accepts those, the
ids, and the names in the other language (docs/formats.md, the partnership register)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _

from partnerscan.core.tables import Column, Table
from partnerscan.portfolio.labels import challenge_names, kind_names, phase_names
from partnerscan.portfolio.models import Partnership

SEPARATOR = ";"
# The file's columns and the partnership field each fills (None: read apart, see register_file).
COLUMNS: dict[str, str | None] = {
    "name": "name",
    "partners": None,
    "partner_kinds": None,
    "challenge_type": "challenge_type",
    "goal": "goal",
    "goal_date": "goal_date",
    "owner": None,
    "departments": "departments",
    "phase": "phase",
    "importance": "importance",
    "start_date": "started_on",
    "review_date": "review_on",
    "check_interval_months": "review_interval_months",
    "notes": "notes",
}
REQUIRED_COLUMNS = ("name", "partners", "challenge_type", "goal")


def column_labels() -> dict[str, str]:
    """What each column holds, in the active language (the XLSX's second header row)."""
    return {
        "name": _("Name of the partnership"),
        "partners": _("Partner organisations, separated by ;"),
        "partner_kinds": _("Their kinds, in the same order"),
        "challenge_type": _("Primary challenge type"),
        "goal": _("Goal"),
        "goal_date": _("Goal date"),
        "owner": _("Owner: a member's e-mail address or a name"),
        "departments": _("Departments involved, separated by ;"),
        "phase": _("Phase"),
        "importance": _("Strategic importance (1-3)"),
        "start_date": _("Start date"),
        "review_date": _("Next review"),
        "check_interval_months": _("Check interval in months"),
        "notes": _("Notes"),
    }


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _owner(partnership: Partnership) -> str:
    if partnership.owner is not None:
        return partnership.owner.user.email
    return partnership.owner_name


def register_table(partnerships: Sequence[Partnership], lang: str) -> Table:
    """One row per partnership; `partnerships` with owners and partners loaded."""
    labels = column_labels()
    columns = tuple(
        Column(name, labels[name], "number" if name in NUMBERS else "text") for name in COLUMNS
    )
    challenges, phases, kinds = challenge_names(lang), phase_names(lang), kind_names(lang)

    def rows() -> Iterator[list[Any]]:
        for p in partnerships:
            partners = list(p.partners.all())
            yield [
                p.name,
                SEPARATOR.join(partner.name for partner in partners),
                SEPARATOR.join(kinds.get(partner.kind, "") for partner in partners),
                challenges.get(p.challenge_type, p.challenge_type),
                p.goal,
                _date(p.goal_date),
                _owner(p),
                SEPARATOR.join(p.departments),
                phases.get(p.phase, p.phase),
                p.importance,
                _date(p.started_on),
                _date(p.review_on),
                p.review_interval_months,
                p.notes,
            ]

    return Table(_("Partnerships"), columns, rows(), ())


NUMBERS = ("importance", "check_interval_months")
