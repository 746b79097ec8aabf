"""The workflows of API tokens: a user makes one for an organisation they belong to, and revokes
it. Each is atomic and audited in the organisation's log; the token itself is returned once and
stored only as its hash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerscan.accounts.models import Membership, Organisation, User
from partnerscan.api.models import ApiToken
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core import tokens
from partnerscan.core.errors import DomainError

PREFIX_SHOWN = 8  # "psk_" and four characters: enough to tell tokens apart, useless to guess
# The last use is noted at most this often, so a busy client does not write on every request.
LAST_USE_PRECISION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token's row and the token itself, which exists only here and on the page once."""

    api_token: ApiToken
    token: str


def _checked(user: User, organisation: Organisation, name: str, scope: str, days: int) -> str:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise DomainError(_("You are not a member of this organisation."))
    if scope not in ApiToken.Scope.values:
        raise DomainError(_("Access: choose read, or read and write."))
    if scope == ApiToken.Scope.WRITE and not membership.can_edit:
        raise DomainError(_("Access: only owners and editors can make a token that writes."))
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("Expires: choose between 1 and %(days)d days.")
            % {"days": settings.API_TOKEN_MAX_DAYS}
        )
    name = name.strip()
    if not name:
        raise DomainError(_("Name: give the token a name, such as the system that will use it."))
    return name


@transaction.atomic
def create_token(
    user: User, organisation: Organisation, name: str, scope: str, days: int
) -> IssuedToken:
    """A new token of `user` for `organisation`, valid for `days` days."""
    name = _checked(user, organisation, name, scope, days)
    token = tokens.new_api_token()
    api_token = ApiToken.objects.create(
        user=user,
        organisation=organisation,
        name=name[:100],
        scope=scope,
        token_hash=tokens.api_token_hash(token),
        prefix=token[:PREFIX_SHOWN],
        expires=timezone.now() + dt.timedelta(days=days),
    )
    record(
        Event.API_TOKEN_CREATED,
        user=user,
        organisation=organisation,
        detail=f"API token {api_token.pk}, {scope}, {days} days",
        code="api_token_created",
        params={"id": api_token.pk, "scope": scope, "expires": _day(api_token.expires)},
    )
    return IssuedToken(api_token, token)


@transaction.atomic
def revoke_token(api_token: ApiToken, by: User) -> ApiToken:
    """Stop a token at once; revoking a revoked token changes nothing."""
    locked = ApiToken.objects.select_for_update().get(pk=api_token.pk)
    if locked.revoked is not None:
        return locked
    locked.revoked = timezone.now()
    locked.save(update_fields=["revoked"])
    record(
        Event.API_TOKEN_REVOKED,
        user=by,
        organisation=locked.organisation,
        detail=f"API token {locked.pk}",
        code="api_token_revoked",
        params={"id": locked.pk},
    )
    return locked


def find_token(token: str) -> ApiToken | None:
    """The token a request carries, usable or not (`is_usable` says); None when unknown."""
    if not tokens.looks_like_api_token(token):
        return None
    return (
        ApiToken.objects.select_related("user", "organisation")
        .filter(token_hash=tokens.api_token_hash(token))
        .first()
    )


def record_use(api_token: ApiToken) -> None:
    """Note when the token was last used (to the minute), so its owner can see it is alive."""
    now = timezone.now()
    if api_token.last_used is not None and now - api_token.last_used < LAST_USE_PRECISION:
        return
    ApiToken.objects.filter(pk=api_token.pk).update(last_used=now)
    api_token.last_used = now


def tokens_of(user: User) -> list[ApiToken]:
    """A user's tokens for the list page, newest first, with their organisations."""
    return list(user.api_tokens.select_related("organisation"))


def tokens_for(organisation: Organisation) -> list[ApiToken]:
    """Every member's tokens for an organisation, newest first, for its owners' page."""
    return list(organisation.api_tokens.select_related("user"))


def _day(moment: dt.datetime) -> str:
    return timezone.localdate(moment).isoformat()
