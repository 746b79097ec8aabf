"""The signed-in user's API tokens: the list with last use, making one, revoking one; and for
an organisation's owners, every member's tokens for it, to see and revoke.

A new token is shown on the page that answers the POST that made it, and never again: only its
hash is stored. The page is not redirected to, so the token is in no session and no message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.access import SignedInRequest, access_membership
from partnerscan.api import domain
from partnerscan.api.access import access_organisation_token, access_own_token
from partnerscan.api.forms import TokenForm
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page


@login_required
def tokens(request: SignedInRequest) -> HttpResponse:
    memberships = list(
        request.user.memberships.select_related("organisation").order_by("organisation__name")
    )
    form = TokenForm(memberships, request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        organisation = {m.organisation_id: m.organisation for m in memberships}[
            values["organisation"]
        ]
        try:
            issued = domain.create_token(
                request.user, organisation, values["name"], values["scope"], values["days"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm(memberships)
    context = {
        "form": form,
        "issued": issued,
        "api_tokens": domain.tokens_of(request.user),
        "member_of": {m.organisation_id for m in memberships},
        "owner_of": [m.organisation for m in memberships if m.is_owner],
    }
    return page(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    api_token = domain.revoke_token(access_own_token(request, token_id), request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": api_token.name})
    return redirect("api-tokens")


@login_required
@require_GET
def organisation_tokens(request: SignedInRequest, org_id: int) -> HttpResponse:
    """Owners only: who has which token for this organisation, and when it was last used."""
    organisation = access_membership(request, org_id, "owner").organisation
    context = {"organisation": organisation, "api_tokens": domain.tokens_for(organisation)}
    return page(request, "api/organisation_tokens.html", context)


@login_required
@require_POST
def organisation_token_revoke(request: SignedInRequest, org_id: int, token_id: int) -> HttpResponse:
    api_token = access_organisation_token(request, org_id, token_id)
    domain.revoke_token(api_token, request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": api_token.name})
    return redirect("organisation-api-tokens", org_id)
