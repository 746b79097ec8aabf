"""An order of texts that says nothing: by a hash keyed with the server's secret and a scope
(a round), so it cannot be predicted or undone, is not by time, person or text, and stays the
same on every reload. For the comments of a closed round, which must not show who wrote first.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from django.conf import settings


def keyed_seed(scope: str) -> bytes:
    """The key of one scope, such as "comments:12"; nobody computes it without SECRET_KEY."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{scope}:".encode()).digest()


def keyed_order(texts: Iterable[str], scope: str) -> list[str]:
    seed = keyed_seed(scope)
    return sorted(texts, key=lambda text: hashlib.sha256(seed + text.encode()).digest())
