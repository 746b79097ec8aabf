"""Filters of the report templates: numbers in the reader's language and the small charts."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from partnerscan.pool.benchmark import BenchmarkRow
from partnerscan.reports import charts
from partnerscan.reports.partner_chart import partner_svg
from partnerscan.reports.partners import PartnerRow
from partnerscan.scoring import stats
from partnerscan.scoring.results import Distribution

register = template.Library()


@register.filter
def num(value: float | None, digits: int = 1) -> str:
    """1 decimal (or `digits`), with the language's decimal sign; a dash when unknown."""
    return charts.num(value, int(digits))


@register.filter
def pct(value: float | None) -> str:
    return "–" if value is None else f"{charts.num(value * 100, 0)}%"


@register.filter
def signed(value: float | None) -> str:
    """A gap with its sign, so a negative gap is not read as a positive one."""
    if value is None:
        return "–"
    text = charts.num(value)
    return text if text.startswith("-") else f"+{text}"


@register.filter
def distribution(dist: Distribution) -> SafeString:
    return charts.distribution_svg(dist)


@register.filter
def distribution_words(dist: Distribution) -> str:
    return charts.distribution_words(dist)


@register.filter
def benchmark_chart(rows: Sequence[BenchmarkRow]) -> SafeString:
    return charts.benchmark_svg(rows)


@register.filter
def index(values: tuple[object, ...], position: int) -> object:
    return values[position]


@register.filter
def level(value: float | None) -> int | str:
    """The level of a mean (half up, as everywhere), for a heat map cell's shade; "" if none."""
    found = stats.level_of(value)
    return "" if found is None else found


@register.filter
def partner_chart(rows: Sequence[PartnerRow]) -> SafeString:
    return partner_svg(rows)
