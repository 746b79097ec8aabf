"""Results of an assessment: the dashboard, the PDF report and the exports.

Viewers and up read the dashboard, the PDF and the results files; only owners download the
responses, one row per respondent, and only of a closed round (docs/privacy.md).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_GET

from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.files import CONTENT_TYPES, file_response
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.reports import export_jobs, portfolio_facts, prerender, render
from partnerscan.reports.build import build_report, results_json
from partnerscan.reports.downloads import filename_of as _filename
from partnerscan.reports.downloads import log_export as _log
from partnerscan.reports.workbook import results_workbook


def _requested_lang(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGES else reader_lang(request)


@login_required
@require_GET
def dashboard(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, membership = access_assessment(request, assessment_id)
    remember(request, assessment.organisation)
    report = build_report(assessment, reader_lang(request))
    record(
        Event.RESULTS_VIEWED,
        user=request.user,
        assessment=assessment,
        detail="dashboard",
        code="viewed",
        params={"page": "dashboard"},
    )
    context = render.dashboard_context(report, request.GET.get("sort", "model"))
    context |= {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "membership": membership,
    }
    if report.has_results:
        today = timezone.localdate()
        context["portfolio_facts"] = portfolio_facts.beside_aspects(assessment, report.lang, today)
    return page(request, "reports/dashboard.html", context)


@login_required
@require_GET
def report_pdf(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id)
    report = build_report(assessment, _requested_lang(request))
    if not assessment.results_live and not report.has_results:
        return _refused(request, assessment)
    pdf = prerender.pdf_of(report)
    _log(request, assessment, "report", "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _filename(assessment, f"report-{report.lang}", "pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _refused(request: HttpRequest, assessment: Assessment, kind: str = "report") -> HttpResponse:
    """Below 3 respondents nothing leaves the system, not even the raw answers; while a round
    is open only an interim snapshot does, and the rows not at all."""
    context = {"assessment": assessment, "organisation": assessment.organisation, "kind": kind}
    response = page(request, "reports/refused.html", context)
    response.status_code = 409
    return response


@login_required
@require_GET
def export(request: HttpRequest, assessment_id: int, kind: str, fmt: str) -> HttpResponseBase:
    json_results = kind == "results" and fmt == "json"
    if kind not in ("responses", "results") or (fmt not in CONTENT_TYPES and not json_results):
        raise Http404
    # Rows of answers only for owners: with role, department and group beside them they are
    # the data most worth protecting. Others get a 403, another organisation a 404.
    needed = "owner" if kind == "responses" else "viewer"
    assessment, _membership = access_assessment(request, assessment_id, needed)
    lang = _requested_lang(request)
    with override(lang):
        if kind == "results" and fmt == "xlsx":
            return _results_workbook(request, assessment, lang)
        if json_results:
            return _results_json(request, assessment, lang)
        if export_jobs.made_by_the_worker(assessment, kind) and assessment.is_closed:
            context = {
                "assessment": assessment,
                "organisation": assessment.organisation,
                "kind": kind,
                "fmt": fmt,
                "lang": lang,
                "count": export_jobs.counting(assessment),
            }
            return page(request, "reports/export_large.html", context)
        table = export_jobs.export_table(assessment, kind, lang)
        if table is None:
            return _refused(request, assessment, kind)
        _log(request, assessment, kind, fmt)
        return file_response(table, fmt, filename=_filename(assessment, kind, fmt))


def _results_workbook(request: HttpRequest, assessment: Assessment, lang: str) -> HttpResponseBase:
    """The results for people (workbook.py); the results CSV and SPSS files are for machines."""
    report = build_report(assessment, lang)
    if not report.has_results:
        return _refused(request, assessment, "results")
    _log(request, assessment, "results", "xlsx")
    response = FileResponse(results_workbook(report))
    response["Content-Type"] = CONTENT_TYPES["xlsx"]
    filename = _filename(assessment, "results", "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _results_json(request: HttpRequest, assessment: Assessment, lang: str) -> HttpResponseBase:
    """The results JSON of docs/method.md: the engine's results and, with a partner view,
    `partner_view` beside them."""
    data = results_json(build_report(assessment, lang))
    if data is None:
        return _refused(request, assessment, "results")
    _log(request, assessment, "results", "json")
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    filename = _filename(assessment, "results", "json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
