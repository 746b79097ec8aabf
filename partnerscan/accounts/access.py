"""Access helpers: the only way views reach organisation-owned objects.

Another organisation's object is a 404, never a 403, so its existence does not leak.
Within the own organisation, a role that is too low is a 403. A request limited to one
organisation (one made with an API token, `limit_to_organisation`) reaches no other: there every
other organisation is "another organisation", a 404, whatever the user's memberships.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation, User


class SignedInRequest(HttpRequest):
    """The request of a view behind login_required: its user is an account, never anonymous."""

    user: User


Owned = TypeVar("Owned", bound=Model)
RANK = {Membership.Role.VIEWER: 1, Membership.Role.EDITOR: 2, Membership.Role.OWNER: 3}


# The request attribute that holds the one organisation a request may reach, when it is limited.
SCOPE = "partnerscan_organisation_scope"


def limit_to_organisation(request: HttpRequest, organisation_id: int) -> None:
    """Let this request reach only `organisation_id`, through every access helper."""
    setattr(request, SCOPE, organisation_id)


def scoped_organisation(request: HttpRequest) -> int | None:
    """The one organisation a limited request may reach; None when it is not limited."""
    scope: int | None = getattr(request, SCOPE, None)
    return scope


def _check_role(membership: Membership, role: str) -> None:
    if RANK[Membership.Role(membership.role)] < RANK[Membership.Role(role)]:
        raise PermissionDenied


def access_membership(
    request: HttpRequest, organisation_id: int, role: str = "viewer"
) -> Membership:
    if not request.user.is_authenticated:
        raise Http404
    scope = scoped_organisation(request)
    if scope is not None and scope != organisation_id:
        raise Http404
    try:
        membership = Membership.objects.select_related("organisation").get(
            user=request.user, organisation_id=organisation_id
        )
    except Membership.DoesNotExist as exc:
        raise Http404 from exc
    _check_role(membership, role)
    return membership


def access_organisation(
    request: HttpRequest, organisation_id: int, role: str = "viewer"
) -> Organisation:
    return access_membership(request, organisation_id, role).organisation


def access_owned(
    request: HttpRequest,
    objects: QuerySet[Owned],
    pk: int,
    organisation_of: Callable[[Owned], int],
    role: str = "viewer",
) -> tuple[Owned, Membership]:
    """An object of an organisation the user belongs to, found in `objects` by `pk`, with that
    membership. Each app's access helper (assessments/access.py, plans/access.py) says where
    its objects are and which organisation owns one; the 404 and 403 rules are these."""
    if not request.user.is_authenticated:
        raise Http404
    found = objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found, access_membership(request, organisation_of(found), role)


def access_member_invitation(
    request: HttpRequest, organisation_id: int, invitation_id: int
) -> MemberInvitation:
    """A pending member invitation of an organisation the user owns."""
    organisation = access_organisation(request, organisation_id, "owner")
    try:
        return MemberInvitation.objects.select_related("organisation").get(
            pk=invitation_id, organisation=organisation, used_at__isnull=True
        )
    except MemberInvitation.DoesNotExist as exc:
        raise Http404 from exc


def access_own_invitation(request: HttpRequest, invitation_id: int) -> MemberInvitation:
    """A pending member invitation to the signed-in user's own address; any other is a 404."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        return MemberInvitation.objects.select_related("organisation").get(
            pk=invitation_id, email=request.user.email, used_at__isnull=True
        )
    except MemberInvitation.DoesNotExist as exc:
        raise Http404 from exc
