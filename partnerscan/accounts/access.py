"""Access helpers: the only way views reach organisation-owned objects.

Another organisation's object is a 404, never a 403, so its existence does not leak.
Within the own organisation, a role that is too low is a 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from partnerscan.accounts.models import MemberInvitation, Membership, Organisation

if TYPE_CHECKING:
    from partnerscan.assessments.models import Assessment
    from partnerscan.plans.models import Action

RANK = {Membership.Role.VIEWER: 1, Membership.Role.EDITOR: 2, Membership.Role.OWNER: 3}


def _check_role(membership: Membership, role: str) -> None:
    if RANK[Membership.Role(membership.role)] < RANK[Membership.Role(role)]:
        raise PermissionDenied


def access_membership(
    request: HttpRequest, organisation_id: int, role: str = "viewer"
) -> Membership:
    if not request.user.is_authenticated:
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


def access_assessment(
    request: HttpRequest, assessment_id: int, role: str = "viewer"
) -> tuple[Assessment, Membership]:
    from partnerscan.assessments.models import Assessment

    if not request.user.is_authenticated:
        raise Http404
    try:
        assessment = Assessment.objects.select_related("organisation").get(pk=assessment_id)
        membership = Membership.objects.get(
            user=request.user, organisation_id=assessment.organisation_id
        )
    except (Assessment.DoesNotExist, Membership.DoesNotExist) as exc:
        raise Http404 from exc
    _check_role(membership, role)
    return assessment, membership


def access_action(
    request: HttpRequest, action_id: int, role: str = "viewer"
) -> tuple[Action, Membership]:
    """An action of the plan, with its assessment and organisation in the same query."""
    from partnerscan.plans.models import Action

    if not request.user.is_authenticated:
        raise Http404
    try:
        action = Action.objects.select_related("assessment__organisation").get(pk=action_id)
        membership = Membership.objects.get(
            user=request.user, organisation_id=action.assessment.organisation_id
        )
    except (Action.DoesNotExist, Membership.DoesNotExist) as exc:
        raise Http404 from exc
    _check_role(membership, role)
    return action, membership


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
