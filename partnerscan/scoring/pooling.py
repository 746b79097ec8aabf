"""Anonymity pooling of one breakdown (PRODUCT.md §4).

A group is shown only with n >= k. Smaller groups are pooled into "other"; while "other" is
non-empty but below k, the smallest shown group joins it. Every shown bucket then holds at least
k respondents, and since the buckets partition the selection, any difference of the total and
shown buckets is itself a union of buckets: no group below k can be recovered by subtraction.
A breakdown left with fewer than two buckets says nothing beyond the total and is suppressed.
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


def _order(label: str | None) -> tuple[int, str, str]:
    # Named values alphabetically, then the group without a value.
    return (1, "", "") if label is None else (0, label.casefold(), label)


def _split(
    sizes: Sequence[int], names: Sequence[str | None], k: int
) -> tuple[list[int], list[int]]:
    present = sorted((i for i, n in enumerate(sizes) if n > 0), key=lambda i: _order(names[i]))
    return [i for i in present if sizes[i] >= k], [i for i in present if sizes[i] < k]


def pool_groups(sizes: Sequence[int], names: Sequence[str | None], k: int) -> Pooling:
    """Pool the labels `names` with `sizes` respondents each into buckets safe to show."""
    shown, pooled = _split(sizes, names, k)
    if pooled and sum(sizes[i] for i in pooled) < k and shown:
        smallest = min(shown, key=lambda i: sizes[i])  # ties: the first in display order
        shown.remove(smallest)
        pooled.append(smallest)
    other = sum(sizes[i] for i in pooled)
    if (pooled and other < k) or len(shown) + bool(pooled) < 2:
        return Pooling(True, (), tuple(0 for _ in names))
    buckets = [
        Bucket(names[i], "value" if names[i] is not None else "missing", sizes[i]) for i in shown
    ]
    bucket_of = {i: b for b, i in enumerate(shown)}
    if pooled:
        buckets.append(Bucket("other", "other", other))
    rest = len(shown) if pooled else 0  # labels without respondents go anywhere harmless
    return Pooling(False, tuple(buckets), tuple(bucket_of.get(i, rest) for i in range(len(names))))
