"""The portfolio view's importance × health matrix: the partnerships that have not ended, by
strategic importance (critical first) and the health band of their last closed check. Works on
what the page has already read (the partnerships and their last checks), so it adds no query."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from partnerscan.portfolio.health_bands import BANDS
from partnerscan.portfolio.health_register import LastCheck
from partnerscan.portfolio.models import Partnership

# Past this many a cell gives its count alone: a list of names that long is no longer compact.
NAMES_UP_TO = 8


@dataclass(frozen=True)
class HealthCell:
    partnerships: tuple[Partnership, ...]  # in the page's order: by importance, then name

    @property
    def count(self) -> int:
        return len(self.partnerships)

    @property
    def named(self) -> bool:
        return 0 < self.count <= NAMES_UP_TO


@dataclass(frozen=True)
class HealthRow:
    importance: int
    label: str
    cells: tuple[HealthCell, ...]  # one per band, in BANDS order


def health_matrix(
    partnerships: Sequence[Partnership], checks: Mapping[int, LastCheck]
) -> tuple[HealthRow, ...]:
    labels = dict(Partnership.Importance.choices)
    active = [p for p in partnerships if p.phase != Partnership.Phase.ENDED]

    def cell(importance: int, band: str) -> HealthCell:
        return HealthCell(
            tuple(
                p
                for p in active
                if p.importance == importance
                and (checks[p.pk].band if p.pk in checks else "none") == band
            )
        )

    return tuple(
        HealthRow(importance, str(labels[importance]), tuple(cell(importance, b) for b in BANDS))
        for importance in (3, 2, 1)
    )
