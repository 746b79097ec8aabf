"""Management pages of a round's open link: switching it on or off, its cap, a printable page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain, qr
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.open_link import OpenLinkCapForm, OpenLinkForm, OpenLinkPrintForm
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.links import open_link_url
from partnerscan.assessments.models import Assessment
from partnerscan.assessments.views.invitations import invitations_page, uncached
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES
from partnerscan.core.pages import page


@login_required
@require_POST
def invitations_open_link(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    action = request.POST.get("action")
    if action == "disable":
        domain.disable_open_link(assessment, by=request.user)
        messages.success(request, _("The open link no longer works."))
        return redirect("invitations", assessment.pk)
    if action == "cap":
        return _open_link_cap(request, assessment)
    form = OpenLinkForm(assessment, request.POST)
    if not form.is_valid():
        return invitations_page(request, assessment, open_link_form=form)
    try:
        token = domain.enable_open_link(assessment, **form.cleaned_data, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("invitations", assessment.pk)
    assessment.refresh_from_db()
    url = open_link_url(token)
    return invitations_page(
        request,
        assessment,
        new_open_link=url,
        open_link_qr=qr.svg(url, _("QR code of the open link")),
        print_form=OpenLinkPrintForm(initial={"token": token}),
    )


def _open_link_cap(request: MemberRequest, assessment: Assessment) -> HttpResponse:
    form = OpenLinkCapForm(assessment, request.POST)
    if not form.is_valid():
        return invitations_page(request, assessment, open_cap_form=form)
    try:
        domain.set_open_link_cap(assessment, form.cleaned_data["cap"], by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The open link now takes at most %(n)d respondents.")
            % {"n": form.cleaned_data["cap"]},
        )
    return redirect("invitations", assessment.pk)


@login_required
@require_POST
def open_link_print(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """A printable A4 page with the open link and its QR code, for a workshop room.

    The token is stored only as a hash, so it comes in this POST from the page that showed it
    once, and the page is produced now and kept by nobody (never cached); a later visit
    cannot make it again. The access code is printed only when the editor typed it here.
    """
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = OpenLinkPrintForm(request.POST)
    if not form.is_valid() or not domain.is_current_open_link(
        assessment, form.cleaned_data["token"]
    ):
        messages.error(
            request,
            _(
                "This is not the assessment's open link now. A printable page can be made "
                "right after the open link is made, while it is shown."
            ),
        )
        return redirect("invitations", assessment.pk)
    url = open_link_url(form.cleaned_data["token"])
    code = form.cleaned_data["access_code"].strip()
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "url": url,
        "short_url": url.split("://", 1)[-1],
        "qr": qr.svg(url, _("QR code of the open link")),
        "languages": [lang for lang in LANGUAGES if lang in assessment.languages] or ["nl"],
        "needs_code": domain.needs_access_code(assessment),
        "code": code if code and domain.is_access_code(assessment, code) else "",
        "wrong_code": bool(code) and not domain.is_access_code(assessment, code),
    }
    return uncached(page(request, "manage/open_link_print.html", context))
