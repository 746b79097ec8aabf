"""The trend chart: each condition's mean in every round on the 1–5 scale, as hand-written SVG.

The house style of partnerscan/reports/charts.py: text stays text, and nothing depends on
colour. Each round is a numbered circle (earlier rounds open, this round filled); the legend
below names the numbers, and the tables beside the chart carry every value.
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
ROW, TOP, LINE = 64, 8, 16  # height per condition, top margin, legend line height


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
        f'<circle cx="{x:.1f}" cy="{y}" r="8" fill="{fill}" stroke="{INK}" stroke-width="1.5">'
        f"<title>{escape(label)}</title></circle>"
        + _text(x, y + 4, str(number), f' text-anchor="middle" font-size="10" fill="{ink}"')
    )


def _row(trend: Trend, index: int) -> str:
    row = trend.conditions[index]
    top = TOP + index * ROW
    parts = [_text(LEFT, top + 14, row.name, ' class="label"'), _scale(top + 28)]
    for number, (cell, column) in enumerate(zip(row.cells, trend.rounds, strict=True), start=1):
        if cell is not None:
            label = f"{column.title}: {num(cell.mean, 2)}"
            last = number == len(trend.rounds)
            parts.append(_marker(_x(cell.mean or 1), top + 28, number, last, label))
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
    plot = TOP + len(trend.conditions) * ROW + 8
    height = plot + len(trend.rounds) * LINE + 8
    title = _("Trend: mean level per condition in each round (1 to 5)")
    body = "".join(_row(trend, i) for i in range(len(trend.conditions)))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart trend-chart" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="trend-chart-title" font-family="{FONT}" font-size="12" fill="{INK}">'
        f'<title id="trend-chart-title">{escape(title)}</title>'
        f"{body}{_legend(trend, plot)}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()
