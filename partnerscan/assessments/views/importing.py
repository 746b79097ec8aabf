"""Management pages of importing responses: the upload, then the job's progress."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers

from partnerscan.assessments import groupings, imports
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.importing import ImportForm
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang


@login_required
def assessment_import(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Upload a Responses CSV: stored as a job for the worker, then its page shows progress."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = ImportForm(assessment, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.queue_import(
                assessment, form.content, form.cleaned_data["file"].name, by=request.user
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            return redirect("import-job", assessment.pk, job.pk)
    context = {
        "form": form,
        "assessment": assessment,
        "organisation": assessment.organisation,
        "jobs": imports.jobs_of(assessment)[:10],
        "accepted": groupings.accepted(assessment).shown(reader_lang(request)),
    }
    return page(request, "manage/import.html", context)


@login_required
def import_job(request: MemberRequest, assessment_id: int, job_id: int) -> HttpResponse:
    """A job's progress, then its result or every problem; htmx polls the status part."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    job = get_object_or_404(assessment.import_jobs.defer("content"), pk=job_id)
    context = {"assessment": assessment, "organisation": assessment.organisation, "job": job}
    if request.htmx:
        response = render(request, "manage/_import_status.html", context)
    else:
        response = page(request, "manage/import_job.html", context)
    add_never_cache_headers(response)  # progress: a cached copy would stand still
    return response
