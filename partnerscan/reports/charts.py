"""Server-side SVG charts: the same markup inline in the dashboard and in the PDF.

Hand-written SVG rather than matplotlib: these are a few rectangles and labels, it renders in
well under a millisecond, and the text stays text (selectable, translatable, found by
pdftotext). The charts read without colour: "now" is a solid dark bar, "ambition" a hatched
light bar, and every value is also printed as a number.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from partnerscan.pool.benchmark import BenchmarkRow
from partnerscan.reports.rows import ConditionRow
from partnerscan.scoring import stats
from partnerscan.scoring.results import Distribution

# Greys from light to dark for levels 1..5: ordered by lightness, so they read in greyscale.
LEVEL_FILLS = ("#eef0f3", "#c6ccd5", "#939cab", "#5d6778", "#1d2430")
LEVEL_INK = ("#1d2430", "#1d2430", "#1d2430", "#ffffff", "#ffffff")
INK = "#1d2430"
FONT = "DejaVu Sans, system-ui, sans-serif"

# Profile geometry, in viewBox units (the SVG scales to its container's width).
WIDTH = 400
LEFT, RIGHT = 8, 44  # room on the right for the value labels
BAR, GAP, BLOCK = 16, 4, 74  # bar height, space between bars, height per condition
TOP = 34  # legend


def num(value: float | None, digits: int = 1) -> str:
    """A number as the templates show it (the active language's decimal sign), or a dash.

    Rounded by the rule beside the levels (stats.shown): a shown mean never rounds to another
    level than its own, even when its float is 2.4499999999999997.
    """
    shown = stats.shown(value, digits)
    if shown is None:
        return "–"
    return str(floatformat(float(shown), stats.decimals(shown, digits)))


def _attrs(**values: object) -> str:
    return " ".join(
        f'{key.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for key, v in values.items()
    )


def _text(x: float, y: float, text: str, **extra: object) -> str:
    return f"<text {_attrs(x=x, y=y, **extra)}>{escape(text)}</text>"


def _x(level: float) -> float:
    """Scale 0..5 onto the plot area."""
    return LEFT + (WIDTH - LEFT - RIGHT) * level / 5


def _defs(pattern: str) -> str:
    return (
        f'<defs><pattern id="{pattern}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{INK}" stroke-width="2"/></pattern></defs>'
    )


def _legend(pattern: str) -> str:
    return "".join(
        [
            f'<rect x="{LEFT}" y="6" width="14" height="14" fill="{INK}"/>',
            _text(LEFT + 20, 18, _("Now")),
            f'<rect x="{LEFT + 110}" y="6" width="14" height="14" fill="url(#{pattern})" '
            f'stroke="{INK}"/>',
            _text(LEFT + 130, 18, _("Ambition")),
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


def _bar(y: float, value: float | None, fill: str, label: str) -> str:
    if value is None:
        return _text(LEFT, y + BAR - 3, _("no score"), class_="value")
    end = _x(value)
    rect = (
        f'<rect x="{LEFT}" y="{y}" width="{end - LEFT:.1f}" height="{BAR}" fill="{fill}" '
        f'stroke="{INK}" stroke-width="1"><title>{escape(label)}</title></rect>'
    )
    return rect + _text(end + 5, y + BAR - 3, num(value), class_="value")


def _condition(row: ConditionRow, index: int, pattern: str) -> str:
    top = TOP + index * BLOCK
    now = _("Now: %(value)s") % {"value": num(row.current)}
    ambition = _("Ambition: %(value)s") % {"value": num(row.ambition)}
    return "".join(
        [
            _text(LEFT, top + 16, row.name, class_="label"),
            _bar(top + 24, row.current, INK, f"{row.name} — {now}"),
            _bar(
                top + 24 + BAR + GAP, row.ambition, f"url(#{pattern})", f"{row.name} — {ambition}"
            ),
        ]
    )


def profile_svg(conditions: Sequence[ConditionRow], pattern: str = "hatch") -> SafeString:
    """The four conditions, now versus ambition, on the 1–5 scale with values as numbers."""
    height = TOP + len(conditions) * BLOCK + 22
    title = _("Profile: mean level per condition, now and ambition (1 to 5)")
    body = "".join(_condition(row, i, pattern) for i, row in enumerate(conditions))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart profile" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="{pattern}-title" font-family="{FONT}" font-size="13" '
        f'fill="{INK}"><title id="{pattern}-title">{escape(title)}</title>'
        f"{_defs(pattern)}{_legend(pattern)}{_grid(height)}{body}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()


# --- the small distribution bar of one aspect ---------------------------------------------------

DIST_WIDTH, DIST_HEIGHT = 150, 18


def too_few_answers() -> str:
    return _("too few answers to show")


def distribution_words(dist: Distribution) -> str:
    if dist.counts is None:
        return too_few_answers()
    parts = [
        _("level %(level)d: %(n)d") % {"level": level, "n": n}
        for level, n in enumerate(dist.counts, start=1)
    ]
    parts.append(_("don't know: %(n)d") % {"n": dist.dont_know})
    return ", ".join(parts)


def _segments(dist: Distribution) -> list[str]:
    assert dist.counts is not None
    total = sum(dist.counts) + dist.dont_know
    parts, x = [], 0.0
    fills = [*zip(LEVEL_FILLS, LEVEL_INK, strict=True), ("#ffffff", INK)]
    for (fill, ink), count in zip(fills, [*dist.counts, dist.dont_know], strict=True):
        if not count:
            continue
        width = DIST_WIDTH * count / total
        dash = ' stroke-dasharray="2 2"' if fill == "#ffffff" else ""
        parts.append(
            f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="{DIST_HEIGHT}" fill="{fill}" '
            f'stroke="{INK}" stroke-width="0.5"{dash}/>'
        )
        if width >= 7 * len(str(count)) + 4:  # print the count where it fits
            parts.append(_text(x + width / 2, 13, str(count), text_anchor="middle", fill=ink))
        x += width
    return parts


def distribution_svg(dist: Distribution) -> SafeString:
    """Counts per level 1..5 (light to dark) and "don't know" (dashed), as one stacked bar."""
    words = distribution_words(dist)
    if dist.counts is None:  # below 3 numeric answers (docs/method.md)
        return mark_safe(f'<span class="muted">{escape(words)}</span>')  # noqa: S308
    if not sum(dist.counts) + dist.dont_know:
        return mark_safe(f'<span class="muted">{escape(_("no answers"))}</span>')  # noqa: S308
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart dist" '
        f'viewBox="0 0 {DIST_WIDTH} {DIST_HEIGHT}" width="{DIST_WIDTH}" height="{DIST_HEIGHT}" '
        f'role="img" aria-label="{escape(words)}" font-family="{FONT}" font-size="10">'
        f"<title>{escape(words)}</title>{''.join(_segments(dist))}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()


def level_key() -> SafeString:
    """The legend of the distribution bars: one swatch per level and one for don't know."""
    items = [
        f'<li><svg class="swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="{fill}" stroke="{INK}"/></svg> {level}</li>'
        for level, fill in enumerate(LEVEL_FILLS, start=1)
    ]
    dont_know = escape(_("don't know"))
    items.append(
        '<li><svg class="swatch" viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">'
        f'<rect width="12" height="12" fill="#ffffff" stroke="{INK}" stroke-dasharray="2 2"/>'
        f"</svg> {dont_know}</li>"
    )
    return mark_safe(f'<ul class="level-key">{"".join(items)}</ul>')  # noqa: S308


# --- the benchmark: this round against the pool's quartiles -------------------------------------

BENCH_BLOCK, BENCH_BOX = 48, 14  # height per row, height of the quartile box
BENCH_TOP = TOP  # legend; the same top lets the grid of the profile serve
BOX_FILL = LEVEL_FILLS[1]


def _bench_legend() -> str:
    diamond = _diamond(LEFT + 232, 13)
    return "".join(
        [
            f'<rect x="{LEFT}" y="6" width="18" height="14" fill="{BOX_FILL}" stroke="{INK}"/>',
            f'<line x1="{LEFT + 9}" y1="6" x2="{LEFT + 9}" y2="20" stroke="{INK}" '
            'stroke-width="3"/>',
            _text(LEFT + 24, 18, _("pool: middle half, median")),
            diamond,
            _text(LEFT + 242, 18, _("this round")),
        ]
    )


def _diamond(x: float, y: float, size: float = 7) -> str:
    corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
    points = " ".join(f"{px:.1f},{py:.1f}" for px, py in corners)
    return f'<polygon points="{points}" fill="{INK}" stroke="#ffffff" stroke-width="1.5"/>'


def _bench_row(row: BenchmarkRow, index: int) -> str:
    top = BENCH_TOP + index * BENCH_BLOCK
    middle = top + 22 + BENCH_BOX / 2
    parts = [_text(LEFT, top + 14, row.name, class_="label")]
    if row.q1 is None or row.median is None or row.q3 is None:  # all three or none
        parts.append(_text(LEFT, middle + 5, _("too few organisations"), class_="value"))
    else:
        x1, x3, xm = _x(row.q1), _x(row.q3), _x(row.median)
        words = _("pool: lower quartile %(q1)s, median %(median)s, upper quartile %(q3)s") % {
            "q1": num(row.q1, 2),
            "median": num(row.median, 2),
            "q3": num(row.q3, 2),
        }
        parts += [
            f'<rect x="{x1:.1f}" y="{top + 22}" width="{max(x3 - x1, 1):.1f}" height="{BENCH_BOX}" '
            f'fill="{BOX_FILL}" stroke="{INK}"><title>{escape(words)}</title></rect>',
            f'<line x1="{xm:.1f}" y1="{top + 19}" x2="{xm:.1f}" y2="{top + 25 + BENCH_BOX}" '
            f'stroke="{INK}" stroke-width="3"/>',
        ]
    if row.own is not None:
        parts.append(_diamond(_x(row.own), middle))
        parts.append(_text(WIDTH - RIGHT + 6, middle + 5, num(row.own), class_="value"))
    return "".join(parts)


def benchmark_svg(rows: Sequence[BenchmarkRow]) -> SafeString:
    """Per row the pool's middle half as a box with its median as a thick tick, and this
    round's mean as a diamond with its value printed: shapes, not colours, tell them apart."""
    height = BENCH_TOP + len(rows) * BENCH_BLOCK + 22
    title = _("This round's mean per condition against the pool's quartiles (1 to 5)")
    body = "".join(_bench_row(row, i) for i, row in enumerate(rows))
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart benchmark" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'role="img" aria-labelledby="benchmark-chart-title" font-family="{FONT}" '
        f'font-size="13" fill="{INK}"><title id="benchmark-chart-title">{escape(title)}</title>'
        f"{_bench_legend()}{_grid(height)}{body}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text above went through escape()
