"""The access helpers of an API token: its own user reaches it; an owner of its organisation
reaches it on the organisation's token page; anyone else gets a 404."""

from __future__ import annotations

from django.http import Http404

from partnerscan.accounts.access import SignedInRequest, access_membership
from partnerscan.api.models import ApiToken


def access_own_token(request: SignedInRequest, token_id: int) -> ApiToken:
    found = ApiToken.objects.select_related("organisation").filter(pk=token_id).first()
    if found is None or found.user_id != request.user.pk:
        raise Http404
    return found


def access_organisation_token(
    request: SignedInRequest, organisation_id: int, token_id: int
) -> ApiToken:
    """A token made for the organisation, for its owners (a 403 for other members)."""
    access_membership(request, organisation_id, "owner")
    found = (
        ApiToken.objects.select_related("organisation")
        .filter(pk=token_id, organisation_id=organisation_id)
        .first()
    )
    if found is None:
        raise Http404
    return found
