"""The one vectorised pass over the response matrix.

It produces histograms per cell, where a cell is a combination of breakdown buckets (for example
role "board" × department "sales" × group "internal"). Everything the engine reports, for the whole
selection or for one breakdown group, is a sum of cell histograms followed by arithmetic on a
handful of numbers. There is no Python loop over respondents, only over aspects and conditions.

Two kinds of histogram:

- per aspect, of (complete, current code, ambition code), where `complete` says whether the
  respondent has a numeric current answer on every aspect of the aspect's condition (for alpha);
- per condition, for current and ambition separately, of a respondent's packed (count, total)
  of numeric answers in the condition: `count * (5m + 1) + total`, with m aspects. From it follow
  the condition scores (total / count when count >= 60% of m) and the alpha sum score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from partnerscan.scoring.matrix import CODES, Codes, ResponseMatrix

Hist = npt.NDArray[np.int64]
Index = npt.NDArray[np.intp]
Packed = npt.NDArray[np.int16]
PAIRS = CODES * CODES  # (current code, ambition code)
ASPECT_BINS = 2 * PAIRS  # × complete or not


@dataclass(frozen=True)
class ConditionLayout:
    """The columns of one condition and how its packed (count, total) is encoded."""

    columns: tuple[int, ...]

    @property
    def m(self) -> int:
        return len(self.columns)

    @property
    def base(self) -> int:
        return 5 * self.m + 1

    @property
    def bins(self) -> int:
        return (self.m + 1) * self.base


@dataclass(frozen=True)
class Tally:
    """Histograms over cells; `shape` gives the buckets of each grouping covered (in `dims`)."""

    dims: tuple[int, ...]
    shape: tuple[int, ...]
    aspects: Hist  # (*shape, aspects, 2, 7, 7)
    current: tuple[Hist, ...]  # per condition (*shape, bins)
    ambition: tuple[Hist, ...]


def layouts(condition_sizes: Sequence[int]) -> tuple[ConditionLayout, ...]:
    start, result = 0, []
    for size in condition_sizes:
        if (size + 1) * (5 * size + 1) >= 1 << 15:  # packed sums are int16
            raise ValueError("a condition with this many aspects cannot be scored")
        result.append(ConditionLayout(tuple(range(start, start + size))))
        start += size
    return tuple(result)


def cell_index(buckets: Sequence[Index], shape: Sequence[int]) -> Index | None:
    """Row-major cell number of every respondent; None when there is only one cell."""
    if not buckets:
        return None
    cell = buckets[0].copy()
    for codes, size in zip(buckets[1:], shape[1:], strict=True):
        cell *= size
        cell += codes
    return cell


class _Cells:
    """Histograms per cell: keys are cell × bins + code, in a buffer reused for every key."""

    def __init__(self, cell: Index | None, count: int, size: int) -> None:
        self.cell = cell
        self.count = count
        self.key = np.empty(size if cell is not None else 0, dtype=np.intp)
        self.scaled: dict[int, Index] = {}

    def hist(self, codes: npt.NDArray[np.integer[Any]], bins: int) -> Hist:
        """Counts of codes 0..bins-1 per cell: shape (cells, bins)."""
        if self.cell is None:
            return np.bincount(codes, minlength=bins).reshape(1, bins)
        if bins not in self.scaled:
            self.scaled[bins] = self.cell * bins
        np.add(self.scaled[bins], codes, out=self.key)
        return np.bincount(self.key, minlength=self.count * bins).reshape(self.count, bins)


def tally(
    matrix: ResponseMatrix,
    plan: Sequence[ConditionLayout],
    cell: Index | None,
    dims: tuple[int, ...] = (),
    shape: tuple[int, ...] = (),
) -> Tally:
    cells = _Cells(cell, int(np.prod(shape, dtype=np.int64)), matrix.respondents)
    aspects = np.zeros((cells.count, len(matrix.aspect_ids), 2, CODES, CODES), dtype=np.int64)
    current, ambition = [], []
    for layout in plan:
        cur, amb = _condition(matrix, layout, cells, aspects)
        current.append(cur.reshape(*shape, layout.bins))
        ambition.append(amb.reshape(*shape, layout.bins))
    aspects = aspects.reshape(*shape, *aspects.shape[1:])
    return Tally(dims, tuple(shape), aspects, tuple(current), tuple(ambition))


def _aspect_codes(matrix: ResponseMatrix, column: int, complete: Codes) -> Codes:
    """complete × 49 + current × 7 + ambition: at most 97, so int8 holds it."""
    codes = matrix.current[:, column] * np.int8(CODES)
    codes += matrix.ambition[:, column]
    codes += complete
    return codes


class _Packer:
    """Adds answers into packed (count, total) sums; buffers reused because fresh pages are slow."""

    def __init__(self, size: int, base: int) -> None:
        self.base = np.int16(base)
        self.shifted = np.empty(size, dtype=np.uint8)
        self.numeric = np.empty(size, dtype=np.bool_)
        self.part = np.empty(size, dtype=np.int16)

    def add(self, packed: Packed, codes: Codes) -> None:
        # A numeric answer v adds base + v: one to the count, v to the total.
        np.subtract(codes.view(np.uint8), np.uint8(1), out=self.shifted)  # 0 wraps to 255
        np.less(self.shifted, np.uint8(5), out=self.numeric)
        np.add(codes, self.base, out=self.part)
        np.multiply(self.part, self.numeric, out=self.part)
        packed += self.part


def _packed(matrix: ResponseMatrix, layout: ConditionLayout) -> tuple[Packed, Packed]:
    packer = _Packer(matrix.respondents, layout.base)
    current = np.zeros(matrix.respondents, dtype=np.int16)
    ambition = np.zeros(matrix.respondents, dtype=np.int16)
    for column in layout.columns:
        packer.add(current, matrix.current[:, column])
        packer.add(ambition, matrix.ambition[:, column])
    return current, ambition


def _condition(
    matrix: ResponseMatrix, layout: ConditionLayout, cells: _Cells, aspects: Hist
) -> tuple[Hist, Hist]:
    current, ambition = _packed(matrix, layout)
    complete = (current >= layout.m * layout.base).view(np.int8) * np.int8(PAIRS)
    for column in layout.columns:
        counts = cells.hist(_aspect_codes(matrix, column, complete), ASPECT_BINS)
        aspects[:, column] = counts.reshape(cells.count, 2, CODES, CODES)
    return cells.hist(current, layout.bins), cells.hist(ambition, layout.bins)
