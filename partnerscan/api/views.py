"""The signed-in user's API tokens: the list with last use, making one, revoking one.

A new token is shown on the page that answers the POST that made it, and never again: only its
hash is stored. The page is not redirected to, so the token is in no session and no message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerscan.accounts.access import SignedInRequest
from partnerscan.api import domain
from partnerscan.api.access import access_own_token
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
    }
    return page(request, "api/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: SignedInRequest, token_id: int) -> HttpResponse:
    api_token = domain.revoke_token(access_own_token(request, token_id), request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": api_token.name})
    return redirect("api-tokens")
