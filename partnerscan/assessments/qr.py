"""QR codes for the open link, drawn server-side as SVG (segno, pure Python)."""

from __future__ import annotations

import segno

# Level M survives a crease or a smudge on a printed page and keeps the code small enough
# for a phone to read from across a table.
ERROR_LEVEL = "m"


def make(url: str) -> segno.QRCode:
    return segno.make(url, error=ERROR_LEVEL, micro=False)


def svg(url: str, title: str) -> str:
    """An inline <svg> that scales with its box (no fixed size) and has a text alternative."""
    code = make(url)
    return str(code.svg_inline(scale=1, omitsize=True, title=title, svgclass="qr", lineclass=None))
