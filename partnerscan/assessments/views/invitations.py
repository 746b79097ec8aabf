"""Management pages of a round's invitations: e-mail and personal links, their texts,
reminders, and deleting them or one respondent's answers."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from partnerscan.assessments import domain, groupings, mailtexts, visible_results
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.invitations import (
    EmailInvitationsForm,
    EraseForm,
    LinksForm,
    MailTextsForm,
)
from partnerscan.assessments.forms.open_link import OpenLinkCapForm, OpenLinkForm
from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.links import respondent_url
from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError
from partnerscan.core.languages import LANGUAGES, NAMES
from partnerscan.core.pages import page, reader_lang


def uncached(response: HttpResponse) -> HttpResponse:
    """Pages showing tokens must not be kept by the browser or a proxy."""
    add_never_cache_headers(response)
    return response


def invitations_page(
    request: MemberRequest, assessment: Assessment, **context: object
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
        "counts": visible_results.invitation_counts(assessment),
        "by_kind": visible_results.counts_by_kind(assessment),
        "undelivered": visible_results.undelivered_later_mails(assessment),
        "remindable": domain.remindable(assessment).count() if assessment.is_open else 0,
        "send_problems": domain.send_problems(assessment),
    }
    return uncached(page(request, "manage/invitations.html", context))


@login_required
def invitations(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    return invitations_page(request, assessment)


@login_required
@require_POST
def invitations_email(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = EmailInvitationsForm(assessment, request.POST, request.FILES)
    if not form.is_valid():
        return invitations_page(request, assessment, email_form=form)
    try:
        added = domain.add_email_invitations(assessment, form.rows, by=request.user)
    except DomainError as exc:
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
def invitations_links(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    form = LinksForm(assessment, request.POST)
    if not form.is_valid():
        return invitations_page(request, assessment, links_form=form)
    try:
        tokens = domain.create_links(assessment, **form.cleaned_data, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("invitations", assessment.pk)
    links = "\n".join(respondent_url(token) for token in tokens)
    return invitations_page(request, assessment, new_links=links, links_form=form)


@login_required
def invitation_texts(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """The invitation and reminder mails' wording in both languages, with a preview.

    "Preview" shows the typed texts without saving them; "Save" checks and saves both
    languages at once, or nothing.
    """
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    data = request.POST if request.method == "POST" else None
    forms = [
        MailTextsForm(lang, data, initial=mailtexts.texts(assessment, lang)) for lang in LANGUAGES
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
            except DomainError as exc:
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
            "language": NAMES[lang],
            "lang": lang,
            "mails": [
                (label, mailtexts.render(assessment, lang, kind, link, external=external))
                for label, kind, external in kinds
            ],
        }
        for lang in LANGUAGES
    ]


@login_required
@require_POST
def invitations_remind(request: MemberRequest, assessment_id: int) -> HttpResponse:
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    try:
        count = domain.queue_reminders(assessment, by=request.user)
    except DomainError as exc:
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
def invitations_delete(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Owner only: delete a closed round's invitations and e-mail addresses before their time."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    if request.method == "POST":
        try:
            count = domain.delete_invitations(assessment, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("E-mail addresses and links deleted: %(n)d.") % {"n": count}
            )
        return redirect("assessment", assessment.pk)
    context = {
        "assessment": assessment,
        "organisation": assessment.organisation,
        "count": visible_results.invitation_counts(assessment)["addresses"],
    }
    return page(request, "manage/invitations_delete.html", context)


@login_required
def response_erase(request: MemberRequest, assessment_id: int) -> HttpResponse:
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
    return uncached(page(request, "manage/response_erase.html", context))
