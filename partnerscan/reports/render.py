"""One report, two renderings: the dashboard context and the PDF (the files: core/files.py)."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import override

from partnerscan.reports import charts
from partnerscan.reports.build import SORTS, Report, sorted_aspects

FORMATS = (
    ("csv", "CSV"),
    ("xlsx", "Excel (XLSX)"),
    ("sav", "SPSS (.sav)"),
)


# --- HTML and PDF -------------------------------------------------------------------------------


def dashboard_context(report: Report, sort: str = "model") -> dict[str, Any]:
    sort = sort if sort in SORTS else "model"
    context: dict[str, Any] = {"report": report, "sort": sort, "sorts": SORTS, "formats": FORMATS}
    if report.has_results:
        context["aspects"] = sorted_aspects(report, sort)
        context["profile"] = charts.profile_svg(report.conditions)
        context["level_key"] = charts.level_key()
    return context


@cache
def _site_css() -> str:
    path = finders.find("partnerscan/site.css")
    return Path(str(path)).read_text(encoding="utf-8") if path else ""


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The PDF is built from inline markup only; nothing is fetched, not even a local file."""
    raise ValueError(f"external resources are not loaded: {url}")


def report_html(report: Report) -> str:
    with override(report.lang):
        context = dashboard_context(report) | {"site_css": _site_css(), "pdf": True}
        return render_to_string("reports/report.html", context)


def report_pdf(report: Report) -> bytes:
    return pdf_of_html(report_html(report))


def pdf_of_html(html: str) -> bytes:
    from weasyprint import HTML  # imported lazily: it takes half a second to load

    # site.css is written for browsers; WeasyPrint warns about every rule it does not support
    # (media queries, auto-fit grids), which is expected and would only flood the log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    document = HTML(string=html, url_fetcher=_no_fetching)
    return bytes(document.write_pdf())
