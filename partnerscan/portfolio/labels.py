"""The names of the portfolio's fixed lists in each language: shown on pages and in exports, and
accepted on import beside their ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import translation

from partnerscan.capability.loader import get_model
from partnerscan.capability.schema import CHALLENGE_TYPES
from partnerscan.core.languages import LANGUAGES
from partnerscan.portfolio.models import PartnerOrganisation, Partnership

Choices = list[tuple[str, str]]


def challenge_names(lang: str) -> dict[str, str]:
    """Each challenge type's name in the shipped model, in `lang`; its id where the model lacks
    the type."""
    named: dict[str, str] = {t.id: t.name.get(lang) for t in get_model().challenge_types}
    return {t: named.get(t, t) for t in CHALLENGE_TYPES}


def challenge_choices(lang: str) -> Choices:
    return list(challenge_names(lang).items())


def _in(lang: str, choices: Iterable[tuple[object, object]]) -> dict[str, str]:
    with translation.override(lang):
        return {str(value): str(label) for value, label in choices}


def phase_names(lang: str) -> dict[str, str]:
    return _in(lang, Partnership.Phase.choices)


def kind_names(lang: str) -> dict[str, str]:
    return _in(lang, PartnerOrganisation.Kind.choices)


def importance_names(lang: str) -> dict[str, str]:
    return _in(lang, Partnership.Importance.choices)


def aliases(names_in: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every spelling an import accepts, case-folded: the id and the name in each language."""
    found: dict[str, str] = {}
    for names in names_in.values():
        for value, name in names.items():
            found[value.casefold()] = value
            found[name.casefold()] = value
    return found


def in_every_language(names_of: Callable[[str], dict[str, str]]) -> dict[str, dict[str, str]]:
    return {lang: names_of(lang) for lang in LANGUAGES}
