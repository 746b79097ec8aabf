"""The languages partnerscan speaks, Dutch first: the one list that settings, the capability
model's `{nl, en}` texts, mails and exports all read.

Plain Python without Django, so the capability schema and the scoring engine can use it too.
"""

from __future__ import annotations

NAMES = {"nl": "Nederlands", "en": "English"}  # each in its own language, for the switcher
LANGUAGES = tuple(NAMES)
DEFAULT_LANGUAGE = "nl"


def of(code: str | None) -> str:
    """The language a locale code ("en", "en-gb", "nl-BE", None) stands for, if partnerscan
    speaks it, else the default."""
    return supported((code or "")[:2].lower())


def supported(language: str) -> str:
    """The language if partnerscan speaks it, else the default."""
    return language if language in NAMES else DEFAULT_LANGUAGE
