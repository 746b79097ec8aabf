"""The access helper of an API token: only its own user reaches it; anyone else gets a 404."""

from __future__ import annotations

from django.http import Http404

from partnerscan.accounts.access import SignedInRequest
from partnerscan.api.models import ApiToken


def access_own_token(request: SignedInRequest, token_id: int) -> ApiToken:
    found = ApiToken.objects.select_related("organisation").filter(pk=token_id).first()
    if found is None or found.user_id != request.user.pk:
        raise Http404
    return found
