"""Management pages of an assessment: settings, state, invitations and import."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.access import access_membership
from partnerscan.accounts.forms import MemberForm
from partnerscan.accounts.models import Membership
from partnerscan.assessments import domain, groupings, imports, mailtexts, qr, results
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms import (
    AssessmentForm,
    CloseForm,
    EmailInvitationsForm,
    EraseForm,
    ImportForm,
    InterimResultsForm,
    LinksForm,
    MailTextsForm,
    NewAssessmentForm,
    OpenLinkCapForm,
    OpenLinkForm,
    OpenLinkPrintForm,
    assessment_initial,
)
from partnerscan.assessments.models import Assessment, Response
from partnerscan.core.pages import page, reader_lang, remember


def respondent_link(token: str) -> str:
    return f"{settings.SITE_URL}/r/{token}/"


def open_link(token: str) -> str:
    return f"{settings.SITE_URL}/r/open/{token}/"


def _once(response: HttpResponse) -> HttpResponse:
    """Pages showing tokens must not be kept by the browser or a proxy."""
    add_never_cache_headers(response)
    return response


@login_required
def assessment_create(request: HttpRequest, org_id: int) -> HttpResponse:
    organisation = access_membership(request, org_id, "editor").organisation
    initial = {"departments": organisation.departments}
    form = NewAssessmentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        assessment = domain.create_assessment(organisation, request.user, **form.cleaned_data)
        messages.success(request, _("The assessment has been created as a draft."))
        return redirect("assessment", assessment.pk)
    context = {"form": form, "organisation": organisation}
    return page(request, "manage/assessment_form.html", context)


@login_required
def assessment_detail(request: HttpRequest, assessment_id: int) -> HttpResponse:
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
        "counts": results.invitation_counts(assessment),
        # Shown apart: these count nowhere, not in the results nor towards any threshold.
        "without_answers": Response.objects.filter(assessment=assessment).without_answers().count(),
    }
    return page(request, "manage/assessment.html", context)


@login_required
@require_POST
def assessment_interim(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Owner only: interim results are a choice about what members see of an open round."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    form = InterimResultsForm(request.POST)
    if form.is_valid():
        on = form.cleaned_data["interim_results"]
        try:
            domain.set_interim_results(assessment, on, by=request.user)
        except domain.DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Interim results are on.") if on else _("Interim results are off."),
            )
    return redirect("assessment", assessment.pk)


@login_required
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = AssessmentForm(request.POST or None, initial=assessment_initial(assessment))
    if request.method == "POST" and form.is_valid():
        try:
            domain.update_assessment(assessment, by=request.user, **form.cleaned_data)
        except domain.DomainError as exc:
            messages.error(request, _("The settings were not changed: %(why)s") % {"why": exc})
        else:
            messages.success(request, _("The settings have been saved."))
            return redirect("assessment", assessment.pk)
    context = {"form": form, "assessment": assessment, "organisation": assessment.organisation}
    return page(request, "manage/assessment_form.html", context)


@login_required
@require_POST
def assessment_open(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    try:
        domain.open_assessment(assessment, by=request.user)
        messages.success(request, _("The assessment is open: invitations and links work."))
    except domain.DomainError as exc:
        messages.error(request, str(exc))
    return redirect("assessment", assessment.pk)


@login_required
def assessment_close(request: HttpRequest, assessment_id: int) -> HttpResponse:
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


# Invitations --------------------------------------------------------------------------------


def _invitations_page(
    request: HttpRequest, assessment: Assessment, **context: object
) -> HttpResponse:
    context.setdefault("email_form", EmailInvitationsForm(assessment))
    context.setdefault("links_form", LinksForm(assessment))
    context.setdefault("open_link_form", OpenLinkForm(assessment))
    context.setdefault("open_cap_form", OpenLinkCapForm(assessment))
    context["open_link_used"] = domain.open_link_claims(assessment)
    context["accepted"] = groupings.accepted(assessment).shown(reader_lang(request))
    context |= {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "invitations": assessment.invitations.all(),
        "counts": results.invitation_counts(assessment),
        "by_kind": results.counts_by_kind(assessment),
        "undelivered": results.undelivered_later_mails(assessment),
        "remindable": domain.remindable(assessment).count() if assessment.is_open else 0,
        "send_problems": domain.send_problems(assessment),
    }
    return _once(page(request, "manage/invitations.html", context))


@login_required
def invitations(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    return _invitations_page(request, assessment)


@login_required
@require_POST
def invitations_email(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = EmailInvitationsForm(assessment, request.POST, request.FILES)
    if not form.is_valid():
        return _invitations_page(request, assessment, email_form=form)
    try:
        added = domain.add_email_invitations(assessment, form.rows)
    except domain.DomainError as exc:
        messages.error(request, str(exc))
        return redirect("invitations", assessment.pk)
    skipped = len(form.rows) - len(added)
    messages.success(
        request,
        _("Invitations queued: %(added)d. Already invited, so skipped: %(skipped)d.")
        % {"added": len(added), "skipped": skipped},
    )
    return redirect("invitations", assessment.pk)


@login_required
@require_POST
def invitations_links(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = LinksForm(assessment, request.POST)
    if not form.is_valid():
        return _invitations_page(request, assessment, links_form=form)
    try:
        tokens = domain.create_links(assessment, **form.cleaned_data)
    except domain.DomainError as exc:
        messages.error(request, str(exc))
        return redirect("invitations", assessment.pk)
    links = "\n".join(respondent_link(token) for token in tokens)
    return _invitations_page(request, assessment, new_links=links, links_form=form)


@login_required
@require_POST
def invitations_open_link(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    action = request.POST.get("action")
    if action == "disable":
        domain.disable_open_link(assessment)
        messages.success(request, _("The open link no longer works."))
        return redirect("invitations", assessment.pk)
    if action == "cap":
        return _open_link_cap(request, assessment)
    form = OpenLinkForm(assessment, request.POST)
    if not form.is_valid():
        return _invitations_page(request, assessment, open_link_form=form)
    try:
        token = domain.enable_open_link(assessment, **form.cleaned_data, by=request.user)
    except domain.DomainError as exc:
        messages.error(request, str(exc))
        return redirect("invitations", assessment.pk)
    assessment.refresh_from_db()
    url = open_link(token)
    return _invitations_page(
        request,
        assessment,
        new_open_link=url,
        open_link_qr=qr.svg(url, _("QR code of the open link")),
        print_form=OpenLinkPrintForm(initial={"token": token}),
    )


@login_required
@require_POST
def open_link_print(request: HttpRequest, assessment_id: int) -> HttpResponse:
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
    url = open_link(form.cleaned_data["token"])
    code = form.cleaned_data["access_code"].strip()
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "url": url,
        "short_url": url.split("://", 1)[-1],
        "qr": qr.svg(url, _("QR code of the open link")),
        "languages": [lang for lang in mailtexts.LANGUAGES if lang in assessment.languages]
        or ["nl"],
        "needs_code": domain.needs_access_code(assessment),
        "code": code if code and domain.is_access_code(assessment, code) else "",
        "wrong_code": bool(code) and not domain.is_access_code(assessment, code),
    }
    return _once(page(request, "manage/open_link_print.html", context))


@login_required
def invitation_texts(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The invitation and reminder mails' wording in both languages, with a preview.

    "Preview" shows the typed texts without saving them; "Save" checks and saves both
    languages at once, or nothing.
    """
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    data = request.POST if request.method == "POST" else None
    forms = [
        MailTextsForm(lang, data, initial=mailtexts.texts(assessment, lang))
        for lang in mailtexts.LANGUAGES
    ]
    shown = assessment
    if data is not None and all([form.is_valid() for form in forms]):  # noqa: C419 - check all
        texts = {form.language: form.texts() for form in forms}
        if request.POST.get("action") == "preview":
            shown = copy.copy(assessment)  # the typed words, never saved
            shown.mail_texts = texts
        else:
            try:
                domain.set_mail_texts(assessment, texts, by=request.user)
            except domain.DomainError as exc:
                messages.error(request, _("The texts were not saved: %(why)s") % {"why": exc})
            else:
                messages.success(request, _("The e-mail texts have been saved."))
                return redirect("invitation-texts", assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "forms": forms,
        "previews": _previews(shown),
        "default_sender": settings.DEFAULT_FROM_EMAIL,
        "placeholders": [
            (f"{{{name}}}", text) for name, text in mailtexts.PLACEHOLDER_HELP.items()
        ],
    }
    return page(request, "manage/invitation_texts.html", context)


def _previews(assessment: Assessment) -> list[dict[str, Any]]:
    """Per language: the invitation to a colleague and to an external partner, and the
    reminder, each with a sample link that is no token."""
    link = mailtexts.sample_link()
    kinds = [
        (_("Invitation"), "invitation", False),
        (_("Invitation to an external partner"), "invitation", True),
        (_("Reminder"), "reminder", False),
    ]
    return [
        {
            "language": mailtexts.LANGUAGE_NAMES[lang],
            "lang": lang,
            "mails": [
                (label, mailtexts.render(assessment, lang, kind, link, external=external))
                for label, kind, external in kinds
            ],
        }
        for lang in mailtexts.LANGUAGES
    ]


def _open_link_cap(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    form = OpenLinkCapForm(assessment, request.POST)
    if not form.is_valid():
        return _invitations_page(request, assessment, open_cap_form=form)
    try:
        domain.set_open_link_cap(assessment, form.cleaned_data["cap"], by=request.user)
    except domain.DomainError as exc:
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
def invitations_remind(request: HttpRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    try:
        count = domain.queue_reminders(assessment, by=request.user)
    except domain.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "A reminder is queued for %(n)d person.",
                "A reminder is queued for %(n)d people.",
                count,
            )
            % {"n": count},
        )
    return redirect("invitations", assessment.pk)


@login_required
def invitations_delete(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Owner only: delete a closed round's invitations and e-mail addresses before their time."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    if request.method == "POST":
        try:
            count = domain.delete_invitations(assessment, by=request.user)
        except domain.DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("E-mail addresses and links deleted: %(n)d.") % {"n": count}
            )
        return redirect("assessment", assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "count": results.invitation_counts(assessment)["addresses"],
    }
    return page(request, "manage/invitations_delete.html", context)


@login_required
def response_erase(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Owner only: erase one respondent's answers, found by the link they hand over."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        erased = domain.erase_response(assessment, form.cleaned_data["link"], by=request.user)
        if erased.response:
            messages.success(request, _("The answers given with this link have been deleted."))
        elif erased.invitation:
            messages.success(
                request, _("No answers were given with this link; its invitation was deleted.")
            )
        else:
            messages.error(request, _("No answers or invitation of this assessment use this link."))
        return redirect("response-erase", assessment.pk)
    context = {"assessment": assessment, "organisation": assessment.organisation, "form": form}
    return _once(page(request, "manage/response_erase.html", context))


# Import and results ------------------------------------------------------------------------


@login_required
def assessment_import(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Upload a Responses CSV: stored as a job for the worker, then its page shows progress."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = ImportForm(assessment, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.queue_import(
                assessment, form.content, form.cleaned_data["file"].name, by=request.user
            )
        except domain.DomainError as exc:
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
def import_job(request: HttpRequest, assessment_id: int, job_id: int) -> HttpResponse:
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


@login_required
@require_GET
def assessment_results(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """The old results page, folded into the dashboard: a bookmark of it still arrives there.

    The access check comes first, so another organisation's id is a 404 as before and the
    redirect never tells anyone that the round exists. A 302, not a 301: a browser would keep
    a permanent redirect and skip this check next time.
    """
    assessment, _membership = access_assessment(request, assessment_id)
    return redirect("dashboard", assessment.pk)


@login_required
def organisation_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    """An organisation's page: its rounds with their counts, its members and invitations."""
    membership = access_membership(request, org_id)
    organisation = membership.organisation
    remember(request, organisation)
    context = {
        "membership": membership,
        "organisation": organisation,
        "assessments": results.with_counts(organisation.assessments.all()),
        "members": organisation.memberships.select_related("user").order_by("user__email"),
        "member_invitations": (
            organisation.member_invitations.pending() if membership.is_owner else []
        ),
        "member_form": MemberForm(),
        "roles": Membership.Role.choices,
        "invitation_days": settings.MEMBER_INVITATION_DAYS,
    }
    return page(request, "manage/organisation.html", context)
