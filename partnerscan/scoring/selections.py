"""The respondents that count and their labels, tallied and summed per selection (engine.py)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerscan.scoring.matrix import Labels, ResponseMatrix
from partnerscan.scoring.tally import Hist, Tally


@dataclass(frozen=True)
class Sums:
    """Histograms of one or more selections (leading axis), see tally.py."""

    aspects: Hist  # (selections, aspects, 2, 7, 7)
    current: tuple[Hist, ...]  # per condition (selections, bins)
    ambition: tuple[Hist, ...]


def numeric_rows(codes: npt.NDArray[np.int8]) -> npt.NDArray[np.bool_]:
    """Per row: any level 1..5 (0 wraps to 255 when viewed unsigned, so one comparison)."""
    shifted = codes.view(np.uint8) - np.uint8(1)
    return np.asarray((shifted < 5).any(axis=1))


def counting_rows(matrix: ResponseMatrix) -> ResponseMatrix:
    """The matrix without respondents who gave no numeric answer at all."""
    keep = numeric_rows(matrix.current) | numeric_rows(matrix.ambition)
    if bool(keep.all()):
        return matrix
    return ResponseMatrix(
        matrix.aspect_ids,
        np.asfortranarray(matrix.current[keep]),
        np.asfortranarray(matrix.ambition[keep]),
        *(Labels(labels.codes[keep], labels.names) for labels in groupings(matrix)),
    )


def groupings(matrix: ResponseMatrix) -> tuple[Labels, Labels, Labels]:
    return matrix.role, matrix.department, matrix.group


@dataclass(frozen=True, eq=False)
class Grouping:
    """One grouping's labels as codes into `names`, with every label of fewer than k counting
    respondents merged into one extra last code (when `small`): such a label is below k for
    every figure, so it is always pooled, and merging it keeps the tally small."""

    codes: npt.NDArray[np.intp]
    names: tuple[str | None, ...]
    small: bool

    @property
    def size(self) -> int:
        return len(self.names) + self.small


def merge_small(labels: Labels, k: int) -> Grouping:
    heads = np.bincount(labels.codes, minlength=len(labels.names))
    big = [i for i, n in enumerate(heads) if n >= k]
    small = bool(heads.sum() - heads[big].sum())
    recode = np.full(len(labels.names), len(big), dtype=np.intp)
    recode[big] = np.arange(len(big), dtype=np.intp)
    return Grouping(recode.take(labels.codes), tuple(labels.names[i] for i in big), small)


def collapse(t: Tally, keep: int | None) -> Sums:
    """Sum a tally over every grouping but `keep` (None: over all, leaving one selection)."""
    axes = tuple(i for i in range(len(t.shape)) if i != keep)

    def reduce(hist: Hist) -> Hist:
        summed: Hist = hist.sum(axis=axes)
        return summed if keep is not None else summed[np.newaxis]

    return Sums(
        reduce(t.aspects),
        tuple(reduce(h) for h in t.current),
        tuple(reduce(h) for h in t.ambition),
    )
