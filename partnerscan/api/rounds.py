"""The writes of /api/v1/assessments/: create a round, change its settings, open, close, start a
follow-up; add e-mail invitations, make personal links, switch the open link.

Each checks its input with the page's own form, and calls the page's workflow, through the
page's access helper with the page's role (editor). A token that only reads gets a 403, and
every audit event the workflow records says it came through the token (auth.writing).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from partnerscan.accounts.access import access_organisation
from partnerscan.api import assessments, schemas
from partnerscan.api.auth import acting, token_of, writing
from partnerscan.api.inputs import Invalid, cleaned, refused
from partnerscan.api.params import WRITE_ERRORS, ObjectId
from partnerscan.assessments import domain
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.forms.invitations import LinksForm, RowChecker
from partnerscan.assessments.forms.open_link import OpenLinkForm
from partnerscan.assessments.forms.rounds import (
    AssessmentForm,
    CloseForm,
    NewAssessmentForm,
    assessment_initial,
)
from partnerscan.assessments.links import open_link_url, respondent_url
from partnerscan.assessments.models import Assessment
from partnerscan.core.errors import DomainError
from partnerscan.plans import followup
from partnerscan.plans.followup_views import FollowUpForm

router: Router = assessments.router

# The form's name of a field where the API's differs.
API_NAMES = {"shares": "challenge_shares", "model_ref": "model"}


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    """Settings as the page's form posts them: shares as three percentages, departments as
    lines, a switched-off checkbox left out."""
    data = {name: value for name, value in values.items() if value is not None}
    shares = data.pop("challenge_shares", None)
    if shares is not None:
        for i, kind in enumerate(("chain", "regional", "innovation")):
            share = shares.get(kind)
            data[f"shares_{i}"] = "" if share is None else round(share * 100, 4)
    if "departments" in data:
        data["departments"] = "\n".join(data["departments"])
    if "model" in data:
        data["model_ref"] = data.pop("model")
    return {name: value for name, value in data.items() if value is not False}


def _current(assessment: Assessment) -> dict[str, Any]:
    """The round's settings as the API names them, to fill in what a change leaves out."""
    values = assessment_initial(assessment)
    values["challenge_shares"] = values.pop("shares") or {}
    return values


@router.post("", response={201: schemas.AssessmentDetail, **WRITE_ERRORS})
def create_assessment(request: HttpRequest, payload: schemas.NewRound) -> Status[Any]:
    """A new draft round of the token's organisation (editor and up), as the new-round page
    makes it; what is left out takes the page's default."""
    organisation = access_organisation(request, token_of(request).organisation_id, "editor")
    given = payload.model_dump(exclude_unset=True)
    defaults = {
        API_NAMES.get(name, name): field.initial
        for name, field in NewAssessmentForm().fields.items()
        if field.initial is not None
    }
    defaults |= {"departments": list(organisation.departments), "challenge_shares": {}}
    with writing(request):
        form = NewAssessmentForm(_form_data(defaults | given))
        values = cleaned(form, API_NAMES)
        try:
            assessment = domain.create_assessment(organisation, acting(request), **values)
        except DomainError as exc:
            raise refused(exc, "in_pool" if "in_pool" in given else "") from exc
    return Status(201, assessments.detail(assessment))


@router.patch("{assessment_id}/", response={200: schemas.AssessmentDetail, **WRITE_ERRORS})
def update_assessment(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.RoundSettings
) -> dict[str, Any]:
    """Change a round's settings as its settings page does (editor and up); a field left out
    keeps its value. A closed round's settings no longer change."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        given = payload.model_dump(exclude_unset=True)
        values = cleaned(AssessmentForm(_form_data(_current(assessment) | given)), API_NAMES)
        try:
            changed = domain.update_assessment(assessment, by=acting(request), **values)
        except DomainError as exc:
            raise refused(exc, _blamed(given)) from exc
    return assessments.detail(changed)


def _blamed(given: dict[str, Any]) -> str:
    """The field a refused change is about, when only one was given."""
    return next(iter(given)) if len(given) == 1 else ""


@router.post("{assessment_id}/open/", response={200: schemas.AssessmentDetail, **WRITE_ERRORS})
def open_assessment(request: HttpRequest, assessment_id: ObjectId) -> dict[str, Any]:
    """Open the round: its invitations are sent and its links work (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        opened = domain.open_assessment(assessment, by=acting(request))
    return assessments.detail(opened)


@router.post("{assessment_id}/close/", response={200: schemas.AssessmentDetail, **WRITE_ERRORS})
def close_assessment(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.CloseRound
) -> dict[str, Any]:
    """Close the round for good: its answers become read-only (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        values = cleaned(CloseForm(_form_data(payload.model_dump())))
        closed = domain.close_assessment(assessment, by=acting(request), **values)
    return assessments.detail(closed)


@router.post("{assessment_id}/follow-up/", response={201: schemas.AssessmentDetail, **WRITE_ERRORS})
def start_follow_up(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.FollowUp
) -> Status[Any]:
    """A new draft round after this one, with its settings and e-mail invitation list, as the
    follow-up page starts it (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        form = FollowUpForm(assessment, {})
        defaults = {name: field.initial for name, field in form.fields.items()}
        data = defaults | _form_data(payload.model_dump(exclude_unset=True))
        values = cleaned(FollowUpForm(assessment, data), API_NAMES)
        try:
            new = followup.start_follow_up(assessment, acting(request), **values)
        except DomainError as exc:
            raise refused(exc) from exc
    return Status(201, assessments.detail(new))


@router.post(
    "{assessment_id}/invitations/", response={201: schemas.InvitationsAdded, **WRITE_ERRORS}
)
def add_invitations(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.NewInvitations
) -> Status[Any]:
    """Queue e-mail invitations, checked row by row as the page checks pasted lines ("Line 2:
    …" is the second row); one bad row and nothing is added (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        language = payload.language or (list(assessment.languages) or ["nl"])[0]
        checker = RowChecker(assessment, language)
        rows = [
            checker.row(number, [i.email, i.role, i.department, i.group, i.language])
            for number, i in enumerate(payload.invitations, start=1)
        ]
        if not rows:
            raise Invalid({"invitations": _("Give at least one invitation.")})
        if checker.problems:
            raise Invalid({"invitations": " ".join(checker.problems)})
        try:
            added = domain.add_email_invitations(assessment, rows, by=acting(request))
        except DomainError as exc:
            raise refused(exc) from exc
    return Status(201, {"added": len(added), "skipped": len(rows) - len(added)})


@router.post("{assessment_id}/links/", response={201: schemas.Links, **WRITE_ERRORS})
def create_links(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.NewLinks
) -> Status[Any]:
    """Personal links to hand out, returned this once (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    with writing(request):
        data = _form_data(payload.model_dump())
        data.setdefault("language", (list(assessment.languages) or ["nl"])[0])
        values = cleaned(LinksForm(assessment, data))
        try:
            made = domain.create_links(assessment, **values, by=acting(request))
        except DomainError as exc:
            raise refused(exc) from exc
    return Status(201, {"links": [respondent_url(token) for token in made]})


@router.put("{assessment_id}/open-link/", response={200: schemas.OpenLink, **WRITE_ERRORS})
def switch_open_link(
    request: HttpRequest, assessment_id: ObjectId, payload: schemas.OpenLinkIn
) -> dict[str, Any]:
    """Switch the open link on (a new link, returned this once; the old one stops) or off
    (editor and up)."""
    assessment, _membership = access_assessment(request, assessment_id, "editor")
    url = None
    with writing(request):
        if payload.on:
            cap = payload.cap
            if cap is None:
                cap = assessment.open_link_cap or domain.DEFAULT_OPEN_LINK_CAP
            data = {"cap": cap, "access_code": payload.access_code}
            values = cleaned(OpenLinkForm(assessment, data))
            try:
                url = open_link_url(
                    domain.enable_open_link(assessment, **values, by=acting(request))
                )
            except DomainError as exc:
                raise refused(exc) from exc
        else:
            domain.disable_open_link(assessment, by=acting(request))
    assessment.refresh_from_db()
    return {
        "on": bool(assessment.open_link_hash),
        "url": url,
        "cap": assessment.open_link_cap,
        "needs_access_code": domain.needs_access_code(assessment),
    }
