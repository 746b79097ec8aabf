"""The partner page of an assessment: every member reads how the round goes (totals, and per
partner organisation only how many were invited); owners and editors start it, invite, remind
and close. Who started or submitted is never shown, not even per organisation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang
from partnerscan.partnerview import domain, invitees
from partnerscan.partnerview.figures import invited_per_organisation, round_counts
from partnerscan.partnerview.forms import ContactsForm, PasteForm, StartForm
from partnerscan.partnerview.models import PartnerRound


def _round_of(assessment: Assessment) -> PartnerRound:
    found = PartnerRound.objects.filter(assessment=assessment).first()
    if found is None:
        raise Http404
    found.assessment = assessment
    return found


def _back(assessment_id: int) -> HttpResponse:
    return redirect(reverse("partner-round", args=[assessment_id]))


def _context(request: MemberRequest, assessment: Assessment, can_edit: bool) -> dict[str, Any]:
    partner_round = PartnerRound.objects.filter(assessment=assessment).first()
    context: dict[str, Any] = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "model": assessment.capability_model,
        "partner_round": partner_round,
        "can_edit": can_edit,
    }
    if partner_round is None:
        user = request.user
        initial = {"contact_name": user.name, "contact_email": user.email}
        return {**context, "start_form": StartForm(initial=initial)}
    context |= {
        "counts": round_counts(partner_round),
        "per_organisation": invited_per_organisation(partner_round),
    }
    if can_edit:
        invited = frozenset(
            e.lower() for e in partner_round.invitations.values_list("email", flat=True)
        )
        candidates = invitees.candidates(assessment.organisation_id, invited)
        context |= {
            "invitations": partner_round.invitations.select_related("partner"),
            "contacts_form": ContactsForm(candidates),
            "paste_form": PasteForm(initial={"language": reader_lang(request)}),
        }
    return context


def _again(request: MemberRequest, context: dict[str, Any]) -> HttpResponse:
    """The page with a form's errors, as a 400."""
    answer = page(request, "partnerview/round.html", context)
    answer.status_code = 400
    return answer


@login_required
@require_GET
def partner_round(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, membership = access_assessment(request, assessment_id)
    return page(
        request, "partnerview/round.html", _context(request, assessment, membership.can_edit)
    )


@login_required
@require_POST
def partner_round_start(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = StartForm(request.POST)
    if not form.is_valid():
        return _again(request, {**_context(request, assessment, True), "start_form": form})
    data = form.cleaned_data
    try:
        domain.start_partner_round(
            assessment,
            request.user,
            min_group=data["min_group"],
            closes_at=form.closes_at(),
            note=data["note"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The partner round has started. Invite partners below."))
    return _back(assessment.pk)


def _invited(request: MemberRequest, count: int) -> None:
    messages.success(
        request,
        ngettext(
            "%(n)d invitation queued; the e-mail goes out in the background.",
            "%(n)d invitations queued; the e-mails go out in the background.",
            count,
        )
        % {"n": count},
    )


@login_required
@require_POST
def partner_invite_contacts(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    partner_round = _round_of(assessment)
    form = ContactsForm(invitees.candidates(assessment.organisation_id), request.POST)
    if not form.is_valid():
        messages.error(request, _("Nobody was invited: tick at least one contact."))
        return _back(assessment.pk)
    rows = invitees.chosen(assessment.organisation_id, form.cleaned_data["contacts"])
    try:
        made = domain.add_partner_invitations(partner_round, rows, request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        _invited(request, len(made))
    return _back(assessment.pk)


@login_required
@require_POST
def partner_invite_paste(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Nothing is added while any line is wrong; the page comes back with every bad line named
    and the text as it was pasted."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    partner_round = _round_of(assessment)
    form = PasteForm(request.POST)
    if form.is_valid():
        rows = invitees.parse_pasted(form.cleaned_data["lines"], form.cleaned_data["language"])
        try:
            made = domain.add_partner_invitations(partner_round, rows, request.user)
        except domain.InviteeErrors as exc:
            form.add_error(None, exc.problems)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            _invited(request, len(made))
            return _back(assessment.pk)
    return _again(request, {**_context(request, assessment, True), "paste_form": form})


@login_required
@require_POST
def partner_remind(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    try:
        count = domain.queue_partner_reminders(_round_of(assessment), request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext("%(n)d reminder queued.", "%(n)d reminders queued.", count) % {"n": count},
        )
    return _back(assessment.pk)


@login_required
def partner_round_close(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    partner_round = _round_of(assessment)
    if request.method == "POST":
        domain.close_partner_round(partner_round, request.user)
        messages.success(request, _("The partner round is closed."))
        return _back(assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "partner_round": partner_round,
    }
    return page(request, "partnerview/close.html", context)
