"""Anonymity pooling of one breakdown (docs/method.md, Anonymity).

A group is shown only with n >= k. Smaller groups are pooled into "other"; while "other" is
non-empty but below k, the smallest shown group joins it. Every shown bucket then holds at least
k respondents, and since the buckets partition the selection, any difference of the total and
shown buckets is itself a union of buckets: no group below k can be recovered by subtraction.
A breakdown left with fewer than two buckets says nothing beyond the total and is suppressed.

The sizes are counts of respondents who gave a numeric answer to the one figure being pooled
(docs/method.md), so the engine pools every figure on its own: a group may be shown for one
aspect and be in "other" for the next. `always_pooled` counts respondents of labels known to be
below k for every figure, which the engine merges before tallying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Kind = Literal["value", "missing", "other"]


@dataclass(frozen=True)
class Bucket:
    label: str | None
    kind: Kind
    n: int


@dataclass(frozen=True)
class Pooling:
    """Buckets in display order and, per original label (by index), its bucket index."""

    suppressed: bool
    buckets: tuple[Bucket, ...]
    bucket_of: tuple[int, ...]


def display_order(label: str | None) -> tuple[int, str, str]:
    # Named values alphabetically, then the group without a value.
    return (1, "", "") if label is None else (0, label.casefold(), label)


def _split(
    sizes: Sequence[int], names: Sequence[str | None], k: int
) -> tuple[list[int], list[int]]:
    present = sorted(
        (i for i, n in enumerate(sizes) if n > 0), key=lambda i: display_order(names[i])
    )
    return [i for i in present if sizes[i] >= k], [i for i in present if sizes[i] < k]


def pool_groups(
    sizes: Sequence[int], names: Sequence[str | None], k: int, always_pooled: int = 0
) -> Pooling:
    """Pool the labels `names` with `sizes` respondents each into buckets safe to show."""
    shown, pooled = _split(sizes, names, k)
    other = sum(sizes[i] for i in pooled) + always_pooled
    if 0 < other < k and shown:
        smallest = min(shown, key=lambda i: sizes[i])  # ties: the first in display order
        shown.remove(smallest)
        pooled.append(smallest)
        other += sizes[smallest]
    if 0 < other < k or len(shown) + bool(other) < 2:
        return Pooling(True, (), tuple(0 for _ in names))
    buckets = [
        Bucket(names[i], "value" if names[i] is not None else "missing", sizes[i]) for i in shown
    ]
    bucket_of = {i: b for b, i in enumerate(shown)}
    if other:
        buckets.append(Bucket("other", "other", other))
    rest = len(shown) if other else 0  # labels without respondents go anywhere harmless
    return Pooling(False, tuple(buckets), tuple(bucket_of.get(i, rest) for i in range(len(names))))
