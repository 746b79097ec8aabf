"""Role, department and group: the values a round accepts, one rule for every way in.

The invitation form, the Responses CSV import and the questionnaire all take a respondent's
role, department and group. They accept the same values: the model's role options, the round's
own departments, and internal or external. A person may type the stored value ("board") or its
name in either language ("Bestuur", "Board"), in any case; it is stored as the value. The pages
that ask show the accepted values (manage/_accepted_values.html).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerscan.assessments.models import Assessment
from partnerscan.scoring.records import GROUPINGS

# The two groups with their names in both languages (the choices of Invitation.Group).
GROUPS = (
    ("internal", {"nl": "intern", "en": "internal"}),
    ("external", {"nl": "extern", "en": "external"}),
)


@dataclass(frozen=True)
class Option:
    value: str  # as stored
    names: dict[str, str]  # per language, for people; empty for a department

    def name(self, lang: str) -> str:
        return self.names.get(lang, self.value)


@dataclass(frozen=True)
class Accepted:
    """Per grouping, the options of one round."""

    options: dict[str, tuple[Option, ...]]

    def spellings(self, grouping: str) -> dict[str, str]:
        """Every accepted spelling (case-folded) → the stored value."""
        found: dict[str, str] = {}
        for option in self.options[grouping]:
            for text in (option.value, *option.names.values()):
                found.setdefault(text.strip().casefold(), option.value)
        return found

    def resolve(self, grouping: str, text: str) -> str | None:
        """The stored value for what someone typed; "" for nothing; None when not accepted."""
        text = text.strip()
        if not text:
            return ""
        return self.spellings(grouping).get(text.casefold())

    def values(self, grouping: str) -> set[str]:
        return {option.value for option in self.options[grouping]}

    def shown(self, lang: str) -> list[tuple[str, list[str]]]:
        """What the pages that ask list: per grouping its title and each value, with its name
        in the reader's language where it has one ("board (Bestuur)")."""
        titles = {"role": _("Role"), "department": _("Department"), "group": _("Group")}
        return [
            (
                titles[grouping],
                [
                    f"{o.value} ({o.name(lang)})" if o.name(lang) != o.value else o.value
                    for o in self.options[grouping]
                ],
            )
            for grouping in GROUPINGS
        ]


def accepted(assessment: Assessment) -> Accepted:
    model = assessment.capability_model
    roles = tuple(
        Option(o.id, {"nl": o.label.nl, "en": o.label.en})
        for q in model.context
        if q.id == "role"
        for o in q.options
    )
    departments = tuple(Option(name, {}) for name in assessment.departments)
    groups = tuple(Option(value, dict(names)) for value, names in GROUPS)
    return Accepted({"role": roles, "department": departments, "group": groups})
