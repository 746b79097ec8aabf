"""What a row of answers in an export looks like: the round's Responses export and the
researchers' pool export write the same level columns and pool the same way.

A row shows its respondent's role, department or group only as pooled combinations
(docs/method.md, Anonymity, applied to the combination): one held by fewer than k
respondents becomes "other", and when that cannot be made safe the columns stay empty.
Pooling each column on its own would still let role × department single out one person.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from partnerscan.capability.schema import CapabilityModel
from partnerscan.core.tables import Column
from partnerscan.scoring.pooling import pool_groups

CHUNK = 1000  # respondents per query; bounds memory (the same from 1,000 respondents up)
SEPARATOR = "\x1f"  # joins a combination's values into one pooling name

Combination = tuple[str, ...]
CombinationCells = Callable[[Combination], tuple[str | None, ...]]


def level_columns(model: CapabilityModel, lang: str) -> list[Column]:
    """Per aspect `{code}_current` and `{code}_ambition`, as in the Responses CSV."""
    # Outside the f-strings: xgettext does not look inside them, so a word there is never
    # translated (the labels once read "…: now" beside "…: ambitie").
    now, ambition = pgettext("level column", "now"), pgettext("level column", "ambition")
    columns = []
    for aspect in model.aspects:
        name = aspect.name.get(lang)
        columns += [
            Column(f"{aspect.code}_current", f"{name}: {now}", "level"),
            Column(f"{aspect.code}_ambition", f"{name}: {ambition}", "level"),
        ]
    return columns


def shown_combinations(sizes: Mapping[Combination, int], k: int) -> set[Combination] | None:
    """The combinations that may be shown as they are; None when none can be shown safely."""
    combinations = list(sizes)
    names = [SEPARATOR.join(combination) for combination in combinations]
    pooling = pool_groups([sizes[c] for c in combinations], names, k)
    if pooling.suppressed:
        return None
    buckets = pooling.buckets
    return {combinations[i] for i, b in enumerate(pooling.bucket_of) if buckets[b].kind != "other"}


def combination_cells(sizes: Mapping[Combination, int], k: int) -> CombinationCells:
    """The cells a row may show for its combination: as given, "other", or all empty.

    "other" is translated now, in the export's language, not when the first row is pulled."""
    shown = shown_combinations(sizes, k)
    other = _("other")

    def cells(combination: Combination) -> tuple[str | None, ...]:
        if shown is None:
            return (None,) * len(combination)
        if combination in shown:
            return tuple(value or None for value in combination)
        return (other,) * len(combination)

    return cells
