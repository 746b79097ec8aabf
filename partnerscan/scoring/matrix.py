"""The response matrix: answers as small integer codes in numpy arrays, for vectorised scoring.

Codes per cell: 0 = not answered, 1..5 = the level, 6 = don't know. Arrays are stored in Fortran
order so that one aspect's column is contiguous, which the engine reads aspect by aspect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from partnerscan.capability.schema import CapabilityModel
from partnerscan.scoring.records import DK, RespondentRecord, Value

MISSING_CODE = 0
DK_CODE = 6
CODES = 7  # 0..6

Codes = npt.NDArray[np.int8]
Index = npt.NDArray[np.intp]


def encode(value: Value) -> int:
    """The code of one answer; bool is refused although Python counts it as an int."""
    if value is None:
        return MISSING_CODE
    if value == DK:
        return DK_CODE
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    raise ValueError(f"{value!r} is not a level 1 to 5, 'dk' or None")


def _clean_label(value: str | None) -> str | None:
    value = value.strip() if value is not None else None
    return value or None


@dataclass(frozen=True, eq=False)
class Labels:
    """One grouping of the respondents (role, department or group) as codes into `names`.

    A missing value (None, or an empty text) is a name of its own: None.
    """

    codes: Index
    names: tuple[str | None, ...]

    def __post_init__(self) -> None:
        if self.codes.ndim != 1 or self.codes.dtype != np.intp:
            raise ValueError("label codes must be a 1-D intp array")
        if len(set(self.names)) != len(self.names):
            raise ValueError("label names must be unique")
        if self.codes.size and (self.codes.min() < 0 or self.codes.max() >= len(self.names)):
            raise ValueError("label codes must index into the names")

    @classmethod
    def from_values(cls, values: Sequence[str | None]) -> Labels:
        index: dict[str | None, int] = {}
        codes = [index.setdefault(_clean_label(v), len(index)) for v in values]
        return cls(np.asarray(codes, dtype=np.intp).reshape(-1), tuple(index))

    @classmethod
    def missing(cls, size: int) -> Labels:
        return cls(np.zeros(size, dtype=np.intp), (None,))


def _check_codes(name: str, array: Codes, shape: tuple[int, int]) -> None:
    if array.dtype != np.int8 or array.shape != shape:
        raise ValueError(f"{name} must be an int8 array of shape {shape}")
    # Viewed unsigned, negative codes become >= 128, so one comparison checks both ends.
    if array.size and bool((array.view(np.uint8) > DK_CODE).any()):
        raise ValueError(f"{name} holds codes outside 0..6")


@dataclass(frozen=True, eq=False)
class ResponseMatrix:
    """Respondents × aspects (in model order), current and ambition, plus three groupings."""

    aspect_ids: tuple[str, ...]
    current: Codes
    ambition: Codes
    role: Labels
    department: Labels
    group: Labels

    def __post_init__(self) -> None:
        shape = (self.current.shape[0] if self.current.ndim == 2 else -1, len(self.aspect_ids))
        _check_codes("current", self.current, shape)
        _check_codes("ambition", self.ambition, shape)
        for labels in (self.role, self.department, self.group):
            if labels.codes.shape != (shape[0],):
                raise ValueError("every grouping needs one label per respondent")

    @property
    def respondents(self) -> int:
        return int(self.current.shape[0])

    @classmethod
    def from_arrays(
        cls,
        aspect_ids: Sequence[str],
        current: npt.ArrayLike,
        ambition: npt.ArrayLike,
        role: Labels | None = None,
        department: Labels | None = None,
        group: Labels | None = None,
    ) -> ResponseMatrix:
        cur = np.asfortranarray(current, dtype=np.int8)
        amb = np.asfortranarray(ambition, dtype=np.int8)
        size = cur.shape[0] if cur.ndim == 2 else 0
        return cls(
            tuple(aspect_ids),
            cur,
            amb,
            role or Labels.missing(size),
            department or Labels.missing(size),
            group or Labels.missing(size),
        )

    @classmethod
    def from_records(
        cls, model: CapabilityModel, records: Sequence[RespondentRecord]
    ) -> ResponseMatrix:
        """Encode records; this loops over respondents once, the engine never does."""
        ids = [aspect.id for aspect in model.aspects]
        current, ambition = _encode_answers(ids, records)
        return cls.from_arrays(
            ids,
            current,
            ambition,
            Labels.from_values([r.role for r in records]),
            Labels.from_values([r.department for r in records]),
            Labels.from_values([r.group for r in records]),
        )


def _encode_answers(ids: Sequence[str], records: Sequence[RespondentRecord]) -> tuple[Codes, Codes]:
    current = np.zeros((len(records), len(ids)), dtype=np.int8, order="F")
    ambition = np.zeros_like(current)
    for row, record in enumerate(records):
        unknown = set(record.answers) - set(ids)
        if unknown:
            raise ValueError(f"respondent {record.id!r}: unknown aspect {sorted(unknown)[0]!r}")
        for col, aspect_id in enumerate(ids):
            answer = record.answers.get(aspect_id)
            if answer is None:
                continue
            try:
                current[row, col] = encode(answer.current)
                ambition[row, col] = encode(answer.ambition)
            except ValueError as exc:
                raise ValueError(f"respondent {record.id!r}, aspect {aspect_id!r}: {exc}") from None
    return current, ambition
