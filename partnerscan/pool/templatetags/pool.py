"""Filters of the benchmark section."""

from __future__ import annotations

from collections.abc import Sequence

from django import template
from django.utils.safestring import SafeString

from partnerscan.pool.benchmark import BenchmarkRow
from partnerscan.reports import charts

register = template.Library()


@register.filter
def benchmark_chart(rows: Sequence[BenchmarkRow]) -> SafeString:
    return charts.benchmark_svg(rows)
