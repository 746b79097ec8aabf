"""The trend chart's markers never hide each other: equal or close values stand one above the
other, each still at its own value on the scale."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from partnerscan.plans.trends import Cell, RoundColumn, Trend, TrendRow
from partnerscan.reports.templatetags.trends import LANE, RADIUS, lanes, trend_chart

CIRCLE = re.compile(r'<circle cx="([\d.]+)" cy="([\d.]+)"')


def x(level: float) -> float:
    return round(16 + 368 * (level - 1) / 4, 1)  # the chart's scale: 1..5 over 368 units


def chart(*rows: tuple[float, ...]) -> list[list[tuple[float, float]]]:
    """The marker centres per condition row of a trend over len(row) rounds."""
    columns = tuple(
        RoundColumn(pk=i, title=f"Round {i}", date=dt.date(2026, i, 1), respondents=5, shown=True)
        for i in range(1, len(rows[0]) + 1)
    )
    conditions = tuple(
        TrendRow(
            id=f"c{i}",
            name=f"Condition {i}",
            condition="",
            cells=tuple(Cell(mean, 5) for mean in means),
            change=None,
        )
        for i, means in enumerate(rows)
    )
    svg = str(trend_chart(Trend(columns, 0, conditions, (), ())))
    centres = [(float(cx), float(cy)) for cx, cy in CIRCLE.findall(svg)]
    per_row = len(columns)
    return [centres[i : i + per_row] for i in range(0, len(centres), per_row)]


def test_equal_values_stand_one_above_the_other_at_their_own_value() -> None:
    equal, apart = chart((2.5, 2.5, 2.5), (1.5, 3.0, 4.5))
    # First row: three lanes at the same x; its scale is two lanes down from the top lane.
    scale = equal[0][1]
    assert equal == [(x(2.5), scale), (x(2.5), scale - LANE), (x(2.5), scale - 2 * LANE)]
    # Second row: far apart, all on the scale, which sits below the first row's.
    assert [cx for cx, _cy in apart] == [x(1.5), x(3.0), x(4.5)]
    assert len({cy for _cx, cy in apart}) == 1 and apart[0][1] > scale


def test_no_two_markers_touch_whatever_the_values() -> None:
    for means in itertools.product((2.0, 2.02, 2.1, 2.2, 3.0), repeat=3):
        (row,) = chart(means)
        for (x1, y1), (x2, y2) in itertools.combinations(row, 2):
            assert (x1 - x2) ** 2 + (y1 - y2) ** 2 >= (2 * RADIUS) ** 2, means


def test_lanes_are_reused_once_a_marker_is_clear_of_the_others() -> None:
    assert lanes([100.0, 100.0, 130.0, 105.0, 200.0]) == [0, 1, 0, 2, 0]
