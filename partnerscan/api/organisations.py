"""/api/v1/organisations/: the token's organisation and its members (every member may read)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from partnerscan.accounts.access import access_organisation
from partnerscan.accounts.models import Organisation
from partnerscan.api import schemas
from partnerscan.api.auth import token_of
from partnerscan.api.params import ERRORS, ObjectId

router = Router(tags=["organisations"])


def _organisation(organisation: Organisation) -> dict[str, Any]:
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "sector": organisation.sector,
        "size": organisation.size,
        "departments": list(organisation.departments),
    }


@router.get("", response={200: list[schemas.Organisation], **ERRORS})
def list_organisations(request: HttpRequest) -> list[dict[str, Any]]:
    """The organisations this token reaches: always exactly one, the token's own."""
    return [_organisation(access_organisation(request, token_of(request).organisation_id))]


@router.get("{organisation_id}/", response={200: schemas.Organisation, **ERRORS})
def get_organisation(request: HttpRequest, organisation_id: ObjectId) -> dict[str, Any]:
    return _organisation(access_organisation(request, organisation_id))


@router.get("{organisation_id}/members/", response={200: list[schemas.Member], **ERRORS})
def list_members(request: HttpRequest, organisation_id: ObjectId) -> list[dict[str, Any]]:
    """The members with their roles, by e-mail address, as the organisation page lists them."""
    organisation = access_organisation(request, organisation_id)
    return [
        {"email": m.user.email, "name": m.user.name, "role": m.role} for m in organisation.members()
    ]
