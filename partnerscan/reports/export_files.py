"""The export files of a round, for the export page and the API alike: which files there are,
who may take them, and the file itself, or None where the rules refuse it (below 3
respondents; the rows of a round not closed). Each file given is in the audit log."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.text import slugify
from django.utils.translation import override

from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.files import CONTENT_TYPES, file_response
from partnerscan.core.tables import Table
from partnerscan.reports.build import build_report, results_json
from partnerscan.reports.exports import responses_table, results_table
from partnerscan.reports.workbook import results_workbook
from partnerscan.scoring.options import MIN_RESPONDENTS

Actor = AbstractBaseUser | AnonymousUser

KINDS = ("responses", "results")
# Every file there is, as kind.format, with its content type.
FILES = {
    f"{kind}.{fmt}": content_type for kind in KINDS for fmt, content_type in CONTENT_TYPES.items()
} | {"results.json": "application/json"}


def is_file(kind: str, fmt: str) -> bool:
    return f"{kind}.{fmt}" in FILES


def role_needed(kind: str) -> str:
    """Rows of answers only for owners: with role, department and group beside them they are
    the data most worth protecting."""
    return "owner" if kind == "responses" else "viewer"


def filename(assessment: Assessment, kind: str, ext: str) -> str:
    return f"partnerscan-{slugify(assessment.title) or assessment.pk}-{kind}.{ext}"


def log_export(user: Actor, assessment: Assessment, kind: str, fmt: str) -> None:
    """The audit log is the one record of an export: who took which round's data, and how."""
    record(
        Event.EXPORTED,
        user=user,
        assessment=assessment,
        detail=f"{kind}.{fmt}",
        code="exported",
        params={"kind": kind, "format": fmt},
    )


def download(
    assessment: Assessment, kind: str, fmt: str, lang: str, user: Actor
) -> HttpResponseBase | None:
    """The file `kind.fmt` (is_file) in `lang`, or None where it is refused."""
    with override(lang):
        if kind == "results" and fmt == "xlsx":
            return _results_workbook(assessment, lang, user)
        if kind == "results" and fmt == "json":
            return _results_json(assessment, lang, user)
        table = export_table(assessment, kind, lang)
        if table is None:
            return None
        log_export(user, assessment, kind, fmt)
        return file_response(table, fmt, filename=filename(assessment, kind, fmt))


def _results_workbook(assessment: Assessment, lang: str, user: Actor) -> HttpResponseBase | None:
    """The results for people (workbook.py); the results CSV and SPSS files are for machines."""
    report = build_report(assessment, lang)
    if not report.has_results:
        return None
    log_export(user, assessment, "results", "xlsx")
    response = FileResponse(results_workbook(report))
    response["Content-Type"] = CONTENT_TYPES["xlsx"]
    name = filename(assessment, "results", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _results_json(assessment: Assessment, lang: str, user: Actor) -> HttpResponseBase | None:
    """The results JSON of docs/method.md: the engine's results and, with a partner view,
    `partner_view` beside them."""
    data = results_json(build_report(assessment, lang))
    if data is None:
        return None
    log_export(user, assessment, "results", "json")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    name = filename(assessment, "results", "json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_table(assessment: Assessment, kind: str, lang: str) -> Table | None:
    """The export's table, or None below 3 respondents, and for the rows of a round that is
    not closed (two downloads around one submission would give that person's row)."""
    if kind == "results":
        report = build_report(assessment, lang)
        return results_table(report) if report.has_results else None
    if not assessment.is_closed:
        return None
    count = assessment.responses.counting().count()
    return responses_table(assessment, lang, count) if count >= MIN_RESPONDENTS else None
