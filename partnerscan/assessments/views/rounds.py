"""Management pages of a round: create, settings, open and close; an organisation's rounds."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.access import access_membership
from partnerscan.accounts.forms import MemberForm
from partnerscan.accounts.models import Membership
from partnerscan.assessments import domain, visible_results
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.rounds import (
    AssessmentForm,
    CloseForm,
    InterimResultsForm,
    NewAssessmentForm,
    assessment_initial,
    prefilled,
)
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import Response
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang, remember


@login_required
def assessment_create(request: MemberRequest, org_id: int) -> HttpResponse:
    organisation = access_membership(request, org_id, "editor").organisation
    initial = {"departments": organisation.departments} | prefilled(request.GET)
    form = NewAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        assessment = domain.create_assessment(organisation, request.user, **form.cleaned_data)
        messages.success(request, _("The assessment has been created as a draft."))
        return redirect("assessment", assessment.pk)
    context = {"form": form, "organisation": organisation}
    return page(request, "manage/assessment_form.html", context)


@login_required
def assessment_detail(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, membership = access_assessment(request, assessment_id)
    remember(request, assessment.organisation)
    model = assessment.capability_model
    context = {
        "assessment": assessment,
        "membership": membership,
        "organisation": assessment.organisation,
        "model": model,
        "shares": [
            (kind.name.get(reader_lang(request)), assessment.shares[kind.id] * 100)
            for kind in model.challenge_types
            if kind.id in assessment.shares
        ],
        "counts": visible_results.invitation_counts(assessment),
        # Shown apart: these count nowhere, not in the results nor towards any threshold.
        "without_answers": Response.objects.filter(assessment=assessment).without_answers().count(),
    }
    return page(request, "manage/assessment.html", context)


@login_required
@require_POST
def assessment_interim(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Owner only: interim results are a choice about what members see of an open round."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    form = InterimResultsForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["interim_results"]
        try:
            domain.set_interim_results(assessment, on, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Interim results are on.") if on else _("Interim results are off."),
            )
    return redirect("assessment", assessment.pk)


@login_required
def assessment_edit(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = AssessmentForm(request.POST or None, initial=assessment_initial(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_assessment(assessment, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, _("The settings were not changed: %(why)s") % {"why": exc})
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("assessment", assessment.pk)
    context = {"form": form, "assessment": assessment, "organisation": assessment.organisation}
    return page(request, "manage/assessment_form.html", context)


@login_required
@require_POST
def assessment_open(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    try:
        domain.open_assessment(assessment, by=request.user)
        messages.success(request, _("The assessment is open: invitations and links work."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("assessment", assessment.pk)


@login_required
def assessment_close(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """GET explains what closing means; only the confirming POST closes."""
    assessment, membership = access_assessment(request, assessment_id, "editor")
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        delete = form.cleaned_data["delete_invitations"]
        domain.close_assessment(assessment, by=request.user, delete_invitations=delete)
        messages.success(request, _("The assessment is closed; its answers are read-only."))
        return redirect("assessment", assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "membership": membership,
        "form": form,
    }
    return page(request, "manage/assessment_close.html", context)


@login_required
@require_GET
def assessment_results(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """The old results page, folded into the dashboard: a bookmark of it still arrives there.

    The access check comes first, so another organisation's id is a 404 as before and the
    redirect never tells anyone that the round exists. A 302, not a 301: a browser would keep
    a permanent redirect and skip this check next time.
    """
    assessment, _membership = access_assessment(request, assessment_id)
    return redirect("dashboard", assessment.pk)


@login_required
def organisation_detail(request: MemberRequest, org_id: int) -> HttpResponse:
    """An organisation's page: its rounds with their counts, its members and invitations."""
    membership = access_membership(request, org_id)
    organisation = membership.organisation
    remember(request, organisation)
    context = {
        "membership": membership,
        "organisation": organisation,
        "assessments": visible_results.with_counts(organisation.assessments.all()),
        "members": organisation.members(),
        "member_invitations": (
            organisation.member_invitations.pending() if membership.is_owner else []
        ),
        "member_form": MemberForm(),
        "roles": Membership.Role.choices,
        "invitation_days": settings.MEMBER_INVITATION_DAYS,
    }
    return page(request, "manage/organisation.html", context)
