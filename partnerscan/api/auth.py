"""Bearer tokens for the API: `Authorization: Bearer psk_…`.

A request with a usable token acts as the token's user, limited to the token's organisation
(accounts/access.py), so every access helper answers a 404 for any other organisation, even one
the user belongs to. The user must still be a member of that organisation; the role the endpoint
needs is the access helper's to check (403). Each token has a budget of requests per minute,
and tokens that never existed count against the client's network, as unknown respondent links
do.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security.http import HttpBearer

from partnerscan.accounts.access import access_membership, limit_to_organisation
from partnerscan.accounts.models import User
from partnerscan.api import domain
from partnerscan.api.models import ApiToken
from partnerscan.audit.events import via
from partnerscan.core import ratelimit


class RateLimited(Exception):
    """Too many requests: a 429 that says, in Retry-After, how many seconds to wait."""

    def __init__(self, wait: int) -> None:
        super().__init__(wait)
        self.wait = wait


class TokenAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> Any:
        # ninja's own version logs an unexpected header in DEBUG; a header may hold a token.
        scheme, _space, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        wait = ratelimit.api_token_limit().retry_after(request)
        if wait:
            raise RateLimited(wait)
        api_token = domain.find_token(token)
        if api_token is None:
            # Only tokens that never existed count: a client still sending its expired or
            # revoked token must not lock its whole network out.
            ratelimit.api_token_limit().fail(request)
            return None
        if not api_token.is_usable or not api_token.user.is_active:
            return None
        _count_request(api_token)
        request.user = api_token.user
        limit_to_organisation(request, api_token.organisation_id)
        try:
            access_membership(request, api_token.organisation_id)
        except Http404:
            return None  # no longer a member: the token opens nothing
        domain.record_use(api_token)
        return api_token


def _count_request(api_token: ApiToken) -> None:
    limit, who = ratelimit.api_limit(), f"api-token:{api_token.pk}"
    wait = limit.retry_after_for(who)
    if wait:
        raise RateLimited(wait)
    limit.hit_for(who)


def token_of(request: HttpRequest) -> ApiToken:
    """The token a request of an endpoint was authenticated with."""
    api_token: ApiToken = request.auth  # type: ignore[attr-defined]
    return api_token


@contextmanager
def writing(request: HttpRequest) -> Iterator[ApiToken]:
    """Around a write: the token must be one that writes (else a 403 that says so), and every
    audit event recorded inside says it came through this token."""
    api_token = token_of(request)
    if api_token.scope != ApiToken.Scope.WRITE:
        raise HttpError(
            403,
            _(
                "This token only reads. To write, make a token with read and write access on "
                "/account/api-tokens/."
            ),
        )
    with through(api_token):
        yield api_token


def through(api_token: ApiToken) -> AbstractContextManager[None]:
    """Audit events recorded inside say they came through this token (its number and first
    characters, as its owner's list shows them)."""
    label = f"API token {api_token.pk} ({api_token.prefix})"
    return via(label, api_token=api_token.pk, prefix=api_token.prefix)


def acting(request: HttpRequest) -> User:
    """The user an endpoint acts as: the token's."""
    return token_of(request).user
