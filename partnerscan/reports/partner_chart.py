"""The partner view as one chart: per aspect our own mean beside the partners' mean.

Readable without colour: our own view is a filled circle, the partners' an open square, the
line between them is the difference, and both means are printed as numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnerscan.reports.charts import FONT, INK, _text, num
from partnerscan.reports.partners import PartnerRow

WIDTH = 440
LEFT, RIGHT = 8, 8
ROW = 40  # height per aspect
TOP = 30  # legend


def _x(level: float) -> float:
    """Scale 1..5 onto the plot area, with room for the value labels at both ends."""
    return LEFT + 24 + (WIDTH - LEFT - RIGHT - 48) * (level - 1) / 4


def _legend() -> str:
    return "".join(
        [
            f'<circle cx="{LEFT + 7}" cy="13" r="6" fill="{INK}"/>',
            _text(LEFT + 18, 18, _("We (colleagues)")),
            f'<rect x="{LEFT + 170}" y="7" width="12" height="12" fill="#ffffff" '
            f'stroke="{INK}" stroke-width="2"/>',
            _text(LEFT + 188, 18, _("Partners")),
        ]
    )


def _grid(height: float) -> str:
    parts = []
    for level in range(1, 6):
        x = _x(level)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP}" x2="{x:.1f}" y2="{height - 18}" '
            'stroke="#b9c0cb" stroke-width="1" stroke-dasharray="2 3"/>'
        )
        parts.append(_text(x, height - 4, str(level), text_anchor="middle", class_="tick"))
    return "".join(parts)


def _row(row: PartnerRow, index: int) -> str:
    top = TOP + index * ROW
    y = top + 28
    own, partners = row.own.mean, row.partners.mean
    parts = [_text(LEFT, top + 13, row.name, class_="label")]
    if own is None or partners is None:
        parts.append(_text(LEFT, y + 4, _("too few answers to compare"), class_="value"))
        return "".join(parts)
    a, b = _x(own), _x(partners)
    words = _("%(name)s: we %(own)s, partners %(partners)s") % {
        "name": row.name,
        "own": num(own),
        "partners": num(partners),
    }
    width = 3 if row.verdict in ("blind_spot", "hidden_strength") else 1.5
    # The line stops at the square's edge and the square is open, so where the two means
    # nearly coincide the circle still shows inside the square rather than hidden under it.
    edge = b - 6 if b > a else b + 6
    parts.append(f"<g><title>{escape(words)}</title>")
    if abs(b - a) > 6:
        parts.append(
            f'<line x1="{a:.1f}" y1="{y}" x2="{edge:.1f}" y2="{y}" stroke="{INK}" '
            f'stroke-width="{width}"/>'
        )
    parts += [
        f'<rect x="{b - 6:.1f}" y="{y - 6}" width="12" height="12" fill="none" '
        f'stroke="{INK}" stroke-width="2"/>',
        f'<circle cx="{a:.1f}" cy="{y}" r="6" fill="{INK}"/>',
        "</g>",
    ]
    # The higher mean's label goes right of its mark, the lower one's left of it.
    for x, value, high in ((a, own, own >= partners), (b, partners, partners > own)):
        anchor, dx = ("start", 10) if high else ("end", -10)
        parts.append(_text(x + dx, y + 4, num(value), text_anchor=anchor, class_="value"))
    return "".join(parts)


def partner_svg(rows: Sequence[PartnerRow]) -> SafeString:
    """Per aspect partners can observe: our own mean and the partners' mean on 1 to 5."""
    height = TOP + len(rows) * ROW + 22
    title = _("Our own view and the partners' view: mean current level per aspect (1 to 5)")
    body = "".join(_row(row, i) for i, row in enumerate(rows))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart partners" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="partners-title" font-family="{FONT}" font-size="13" '
        f'fill="{INK}"><title id="partners-title">{escape(title)}</title>'
        f"{_legend()}{_grid(height)}{body}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()
