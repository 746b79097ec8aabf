"""The results of a partnership's closed health checks as its page shows them: the figures of
scoring/health.py with their display rule, the scale's labels, the comments in the order the
scoring module gives them, and the trend from the check before. Nothing for an open check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.utils.crypto import salted_hmac

from partnerscan.capability.health import HealthModel
from partnerscan.capability.schema import Text
from partnerscan.portfolio.health import CheckRow
from partnerscan.portfolio.health_records import closed_records
from partnerscan.portfolio.models import HealthCheck
from partnerscan.scoring import stats
from partnerscan.scoring.health import HealthRespondent, health_trend, score_health
from partnerscan.scoring.health_comments import health_comments
from partnerscan.scoring.health_results import (
    DimensionResult,
    HealthComment,
    HealthResults,
    SideFigure,
    StatementResult,
)
from partnerscan.scoring.options import TooFewRespondents


def num(value: float | None) -> str:
    """One decimal by the display rule beside the levels (stats.shown), in the active
    language's decimal sign; a dash for no figure."""
    shown = stats.shown(value, 1)
    if shown is None:
        return "–"
    return str(floatformat(float(shown), stats.decimals(shown, 1)))


def signed(value: float | None) -> str:
    """A difference or change with its sign, one decimal half up: +0.5, −0.5 (a minus sign),
    0.0. Not the means' rule: a difference has no level to stay beside."""
    step = stats.rounded(value, 1)
    if step is None:
        return "–"
    text = str(floatformat(float(abs(step)), 1))
    return text if step == 0 else ("+" if step > 0 else "−") + text


@dataclass(frozen=True)
class Figure:
    n: int
    mean: str
    label: Text | None  # the scale's label of the mean rounded half up
    bar: str  # the mean's share of the 1-5 scale in percent, for the bar (never localised)


def _figure(model: HealthModel, n: int, mean: float | None) -> Figure:
    level = stats.level_of(mean)
    label = None if level is None else model.scale[level - 1].label
    bar = "0" if mean is None else f"{mean / 5 * 100:.1f}"
    return Figure(n, num(mean), label, bar)


@dataclass(frozen=True)
class Row:
    """A dimension or a statement: both sides together, and each side only when shown."""

    text: Text
    all: Figure
    own: Figure | None
    partner: Figure | None
    difference: str | None


def _side(model: HealthModel, side: SideFigure | None) -> Figure | None:
    return None if side is None else _figure(model, side.n, side.mean)


def _row(model: HealthModel, text: Text, result: DimensionResult | StatementResult) -> Row:
    own, partner = _side(model, result.own), _side(model, result.partner)
    difference = None if result.difference is None else signed(result.difference)
    return Row(text, _figure(model, result.all.n, result.all.mean), own, partner, difference)


@dataclass(frozen=True)
class DimensionBlock:
    row: Row
    statements: tuple[Row, ...]
    comments: tuple[HealthComment, ...]


@dataclass(frozen=True)
class CheckResults:
    """None of the figures when `results` is None: fewer than 3 counting respondents."""

    results: HealthResults | None
    overall: str
    dimensions: tuple[DimensionBlock, ...]

    @property
    def sides_everywhere(self) -> bool:
        return all(block.row.own is not None for block in self.dimensions)


def comment_key(check: HealthCheck) -> bytes:
    """A key per check nobody can compute without the server's secret, so the comments' order
    cannot be predicted or undone; reloads show the same order."""
    return salted_hmac("partnerscan.portfolio.health-comments", str(check.pk)).digest()


def check_results(check: HealthCheck, respondents: list[HealthRespondent]) -> CheckResults:
    model = check.health_model
    try:
        results = score_health(model, respondents)
    except TooFewRespondents:
        return CheckResults(None, num(None), ())
    comments = {
        c.dimension: c.comments for c in health_comments(model, respondents, comment_key(check))
    }
    dimensions = {d.id: d for d in results.dimensions}
    statements = {s.id: s for s in results.statements}
    blocks = tuple(
        DimensionBlock(
            _row(model, d.name, dimensions[d.id]),
            tuple(_row(model, s.text, statements[s.id]) for s in d.statements),
            comments.get(d.id, ()),
        )
        for d in model.dimensions
    )
    return CheckResults(results, num(results.overall.mean), blocks)


@dataclass(frozen=True)
class ShownCheck:
    row: CheckRow
    results: CheckResults | None  # None while the check is open


@dataclass(frozen=True)
class TrendRow:
    text: Text
    earlier: str
    now: str
    change: str
    direction: str | None  # "up", "down", "none": Welch's test as in the scan's trend


def shown_checks(rows: Sequence[CheckRow]) -> list[ShownCheck]:
    """The page's checks, newest first, with results for the closed ones: two queries more
    however many checks there are."""
    records = closed_records([row.check for row in rows])
    return [
        ShownCheck(
            row, None if row.check.is_open else check_results(row.check, records[row.check.pk])
        )
        for row in rows
    ]


def trend(checks: Sequence[ShownCheck]) -> tuple[TrendRow, ...]:
    """Per dimension of the latest closed check with results, its change since the closed check
    with results before it; nothing without two such checks."""
    scored = [(c.row.check, c.results.results) for c in checks if c.results and c.results.results]
    if len(scored) < 2:
        return ()
    (latest_check, latest), (_earlier_check, earlier) = scored[0], scored[1]
    names = {d.id: d.name for d in latest_check.health_model.dimensions}
    return tuple(
        TrendRow(names[c.id], num(c.earlier), num(c.now), signed(c.change), c.direction)
        for c in health_trend(earlier, latest)
    )
