"""The join code of a workshop: six characters a room can read off a projector and type on a
phone. The alphabet leaves out 0/O and 1/I, which look alike from the back of a room."""

from __future__ import annotations

import secrets

from partnerscan.workshop.models import CODE_LENGTH

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalised(typed: str) -> str:
    """What someone typed, as a code: upper case, without spaces or dashes ("ab3-k7q" →
    "AB3K7Q"); "" when it cannot be one."""
    code = "".join(typed.split()).replace("-", "").upper()
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return ""
    return code
