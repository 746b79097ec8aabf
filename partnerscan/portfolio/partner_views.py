"""The partner organisations of the portfolio: every member reads the list, owners and editors
add, rename and delete them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from partnerscan.accounts.access import access_membership
from partnerscan.assessments.http import MemberRequest
from partnerscan.core.pages import page
from partnerscan.portfolio import domain
from partnerscan.portfolio.access import access_partner
from partnerscan.portfolio.forms import PartnerForm


@login_required
@require_GET
def partners(request: HttpRequest, org_id: int) -> HttpResponse:
    membership = access_membership(request, org_id)
    organisation = membership.organisation
    listed = organisation.partner_organisations.annotate(used=Count("partnerships"))
    context = {"organisation": organisation, "membership": membership, "partners": listed}
    return page(request, "portfolio/partners.html", context)


def _refused(form: PartnerForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def partner_new(request: MemberRequest, org_id: int) -> HttpResponse:
    organisation = access_membership(request, org_id, "editor").organisation
    form = PartnerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            domain.create_partner(organisation, request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The partner organisation has been added."))
            return redirect("partners", organisation.pk)
    context = {"organisation": organisation, "form": form}
    return page(request, "portfolio/partner_form.html", context)


@login_required
def partner_edit(request: MemberRequest, partner_id: int) -> HttpResponse:
    partner, _membership = access_partner(request, partner_id, "editor")
    initial = {"name": partner.name, "kind": partner.kind}
    form = PartnerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_partner(partner, request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The partner organisation has been saved."))
            return redirect("partners", partner.organisation_id)
    context = {"organisation": partner.organisation, "form": form, "partner": partner}
    return page(request, "portfolio/partner_form.html", context)


@login_required
def partner_delete(request: MemberRequest, partner_id: int) -> HttpResponse:
    partner, _membership = access_partner(request, partner_id, "editor")
    organisation = partner.organisation
    refusal = None
    if request.method == "POST":
        try:
            domain.delete_partner(partner, request.user)
        except ValidationError as exc:
            refusal = " ".join(exc.messages)
        else:
            messages.success(request, _("The partner organisation has been deleted."))
            return redirect("partners", organisation.pk)
    used = list(partner.partnerships.all())
    context = {"organisation": organisation, "partner": partner, "used": used, "refusal": refusal}
    return page(request, "portfolio/partner_delete.html", context)
