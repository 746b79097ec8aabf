"""The pages of an export the worker makes: ask for it, follow it, download it."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.models import User
from partnerscan.assessments.access import access_assessment
from partnerscan.core.errors import DomainError
from partnerscan.core.files import CONTENT_TYPES
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.pages import page, reader_lang
from partnerscan.reports import export_files, export_jobs
from partnerscan.reports.models import ExportJob

OWNER = "owner"  # rows of answers are for owners only, as the download (views.export)


@login_required
@require_POST
def start(request: HttpRequest, assessment_id: int, kind: str, fmt: str) -> HttpResponseBase:
    if kind not in export_jobs.KINDS or fmt not in CONTENT_TYPES:
        raise Http404
    assessment, _membership = access_assessment(request, assessment_id, OWNER)
    lang = request.POST.get("lang", "")
    lang = lang if lang in LANGUAGES else reader_lang(request)
    user = request.user
    assert isinstance(user, User)
    try:
        job = export_jobs.request_export(assessment, user, kind, fmt, lang, timezone.now())
    except DomainError as exc:
        context = {"assessment": assessment, "organisation": assessment.organisation}
        response = page(request, "reports/export_job.html", context | {"error": str(exc)})
        response.status_code = 409
        return response
    return HttpResponseRedirect(reverse("export-job", args=[job.pk]))


def _job(request: HttpRequest, job_id: uuid.UUID) -> ExportJob:
    """The requester's own job, while they may still export its round; else a 404 (403 for a
    role lowered since)."""
    job = ExportJob.objects.filter(pk=job_id, user_id=request.user.pk or 0).first()
    if job is None:
        raise Http404
    access_assessment(request, job.assessment_id, OWNER)
    return job


@login_required
@require_GET
def status(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _job(request, job_id)
    htmx = request.headers.get("HX-Request") == "true"
    template = "reports/_export_progress.html" if htmx else "reports/export_job.html"
    context = {
        "job": job,
        "assessment": job.assessment,
        "organisation": job.assessment.organisation,
    }
    return page(request, template, context)


@login_required
@require_GET
def download(request: HttpRequest, job_id: uuid.UUID) -> HttpResponseBase:
    job = _job(request, job_id)
    path = export_jobs.path_of(job) if job.file_name else None
    if job.state != ExportJob.State.DONE or path is None or not path.exists():
        raise Http404
    export_files.log_export(request.user, job.assessment, job.kind, job.fmt)
    response = FileResponse(path.open("rb"))
    response["Content-Type"] = CONTENT_TYPES[job.fmt]
    name = export_files.filename(job.assessment, job.kind, job.fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
