"""Text from users (a round's title, an organisation's name) made safe for a mail header, and
whether a typed address is one.

A header value with a line break is refused by Django (BadHeaderError) and would stop the
mail; other separators such as U+2028 survive into some mail clients as a broken subject.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

# Every character str.splitlines() breaks on, plus the other C0/C1 control characters.
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s{2,}")
MAX_HEADER = 150  # characters; a subject longer than this is cut off by most clients anyway


def header_text(value: str, limit: int = MAX_HEADER) -> str:
    """One line: breaks and control characters become a space, cut to `limit` with "…"."""
    line = _SPACES.sub(" ", _BREAKS.sub(" ", value)).strip()
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def is_email(value: str) -> bool:
    """Whether Django's e-mail field would take `value` (the pasted lists check each line)."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True
