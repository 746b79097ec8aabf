"""The trend chart: each condition's mean in every round on the 1–5 scale, as hand-written SVG.

The house style of reports/charts.py: text stays text, and nothing depends on
colour. Each round is a numbered circle (earlier rounds open, this round filled); the legend
below names the numbers, and the tables beside the chart carry every value. Markers never hide
each other: one that would touch another is lifted to a lane above the scale, at its own x,
with a stem down to its value.
"""

from __future__ import annotations

from html import escape

from django import template
from django.template.defaultfilters import date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnerscan.plans.trends import Trend
from partnerscan.reports.charts import FONT, INK, num

register = template.Library()

WIDTH, LEFT, RIGHT = 400, 16, 16
TOP, LINE = 8, 16  # top margin, legend line height
RADIUS = 8
LANE = 2 * RADIUS + 2  # vertical distance between stacked markers: they cannot touch
HEAD, FOOT = 30, 30  # per condition: the name above the markers, the scale's numbers below


def _x(level: float) -> float:
    return LEFT + (WIDTH - LEFT - RIGHT) * (level - 1) / 4


def _text(x: float, y: float, text: str, extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}"{extra}>{escape(text)}</text>'


def _scale(y: float) -> str:
    parts = [
        f'<line x1="{_x(1):.1f}" y1="{y}" x2="{_x(5):.1f}" y2="{y}" stroke="#b9c0cb" '
        'stroke-width="1"/>'
    ]
    for level in range(1, 6):
        parts.append(_text(_x(level), y + 20, str(level), ' text-anchor="middle" class="tick"'))
    return "".join(parts)


def _marker(x: float, y: float, number: int, last: bool, label: str) -> str:
    fill, ink = (INK, "#ffffff") if last else ("#ffffff", INK)
    return (
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="{fill}" stroke="{INK}" '
        'stroke-width="1.5">'
        f"<title>{escape(label)}</title></circle>"
        + _text(x, y + 4, str(number), f' text-anchor="middle" font-size="10" fill="{ink}"')
    )


def lanes(xs: list[float]) -> list[int]:
    """Per marker (by x), the lowest lane in which it touches no marker placed before it;
    lane 0 is on the scale. Equal or close values thus stand one above the other."""
    taken: list[list[float]] = []
    found = []
    for x in xs:
        lane = next(
            (i for i, row in enumerate(taken) if all(abs(x - o) >= LANE for o in row)),
            len(taken),
        )
        if lane == len(taken):
            taken.append([])
        taken[lane].append(x)
        found.append(lane)
    return found


def _markers(trend: Trend, index: int) -> list[tuple[float, int, str, bool]]:
    """(x, round number, label, is this round) of every round with a number."""
    row = trend.conditions[index]
    return [
        (
            _x(cell.mean or 1),
            number,
            f"{column.title}: {num(cell.mean, 2)}",
            number == len(trend.rounds),
        )
        for number, (cell, column) in enumerate(zip(row.cells, trend.rounds, strict=True), start=1)
        if cell is not None
    ]


def _height(trend: Trend, index: int) -> float:
    placed = lanes([x for x, *_rest in _markers(trend, index)])
    return HEAD + LANE * max(placed, default=0) + FOOT


def _row(trend: Trend, index: int, top: float) -> str:
    row = trend.conditions[index]
    markers = _markers(trend, index)
    placed = lanes([x for x, *_rest in markers])
    scale = top + HEAD + LANE * max(placed, default=0)
    parts = [_text(LEFT, top + 14, row.name, ' class="label"'), _scale(scale)]
    stems, circles = [], []
    for (x, number, label, last), lane in zip(markers, placed, strict=True):
        y = scale - lane * LANE
        if lane:  # drawn first, so no stem crosses a marker below it
            stems.append(
                f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{scale}" stroke="{INK}" '
                'stroke-width="1"/>'
            )
        circles.append(_marker(x, y, number, last, label))
    parts += stems + circles
    return "".join(parts)


def _legend(trend: Trend, top: float) -> str:
    lines = []
    for number, column in enumerate(trend.rounds, start=1):
        when = _("this round") if number == len(trend.rounds) else date(column.date, "M Y")
        lines.append(_text(LEFT, top + number * LINE, f"{number} = {column.title} ({when})"))
    return "".join(lines)


@register.filter
def trend_chart(trend: Trend | None) -> SafeString:
    if trend is None:
        return mark_safe("")
    rows, top = [], float(TOP)
    for i in range(len(trend.conditions)):
        rows.append(_row(trend, i, top))
        top += _height(trend, i)
    plot = top + 8
    height = plot + len(trend.rounds) * LINE + 8
    title = _("Trend: mean level per condition in each round (1 to 5)")
    body = "".join(rows)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="trend-chart-title" font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<title id="trend-chart-title">{escape(title)}</title>'
        f"{body}{_legend(trend, plot)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()
