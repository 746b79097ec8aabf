"""One text cell for every spreadsheet we write: cleaned first, then made inert.

Every exporter (CSV, XLSX, SPSS, the research downloads) writes text through `safe_cell`.
The order matters: a writer that drops a character a format cannot hold, after a formula
check, turns `\\x01=SECTOR()+1` into a live `=SECTOR()+1`. So all cleaning happens here, before
the check, and nothing changes a text after it (docs/privacy.md, spreadsheets and formulas).
"""

from __future__ import annotations

import re
import unicodedata

# What a spreadsheet reads as the start of a formula, in a cell or on import (OWASP's list).
FORMULA_STARTS = frozenset("=+-@")
FORMULA_CONTROLS = ("\t", "\r", "\n")
# C0 controls other than tab, line feed and carriage return, and DEL: XLSX cannot store them
# (openpyxl refuses them), and no reader of a CSV or SPSS file needs them.
UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
QUOTE = "'"


def clean(text: str) -> str:
    """The text without characters a spreadsheet format cannot hold."""
    return UNWRITABLE.sub("", text)


def _invisible(char: str) -> bool:
    """Spaces, byte order marks, zero-width and other format characters, which a reader may
    trim or not see before the first visible character."""
    return char.isspace() or unicodedata.category(char) in ("Cf", "Zs", "Zl", "Zp", "Cc")


def _first_visible(text: str) -> str:
    return next((char for char in text if not _invisible(char)), "")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run the text: a formula character first, or first after
    invisible characters, counting look-alikes such as the fullwidth ＝ (NFKC) as the same.

    A quote before such a text counts too, so that the import, which removes one quote from
    a quoted formula (scoring.responses_csv.unneutralise), gets back exactly what was written.
    """
    if text.startswith(FORMULA_CONTROLS):
        return True
    if text.startswith(QUOTE):
        return looks_like_formula(text[1:])
    first = unicodedata.normalize("NFKC", _first_visible(text))[:1]
    return first in FORMULA_STARTS


def safe_cell(value: object) -> str:
    """A text cell as every exporter writes it: cleaned, then quoted if it could be a formula.

    The result is never changed again before it is written, so the check holds for the file.
    """
    text = clean("" if value is None else str(value))
    return QUOTE + text if looks_like_formula(text) else text
