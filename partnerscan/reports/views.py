"""Results of an assessment: the dashboard, the PDF report and the exports.

Viewers and up read the dashboard, the PDF and the results files; only owners download the
responses, one row per respondent, and only of a closed round (docs/privacy.md).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.views.decorators.http import require_GET

from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.models import Assessment
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.reports import export_files, export_jobs, portfolio_facts, prerender, render
from partnerscan.reports.build import build_report


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
    export_files.log_export(request.user, assessment, "report", "pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    name = export_files.filename(assessment, f"report-{report.lang}", "pdf")
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
    if not export_files.is_file(kind, fmt):
        raise Http404
    # Others than owners get a 403 for the rows, another organisation a 404.
    assessment, _membership = access_assessment(
        request, assessment_id, export_files.role_needed(kind)
    )
    lang = _requested_lang(request)
    if export_jobs.made_by_the_worker(assessment, kind):
        context = {
            "assessment": assessment,
            "organisation": assessment.organisation,
            "kind": kind,
            "fmt": fmt,
            "lang": lang,
            "count": export_jobs.counting(assessment),
        }
        return page(request, "reports/export_large.html", context)
    found = export_files.download(assessment, kind, fmt, lang, request.user)
    return _refused(request, assessment, kind) if found is None else found
