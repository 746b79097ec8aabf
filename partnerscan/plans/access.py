"""The access helper of a plan's action: another organisation's is a 404 (accounts/access.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from partnerscan.accounts.access import member_of
from partnerscan.accounts.models import Membership
from partnerscan.plans.models import Action


def access_action(
    request: HttpRequest, action_id: int, role: str = "viewer"
) -> tuple[Action, Membership]:
    """An action of the plan, with its assessment and organisation in the same query."""
    if not request.user.is_authenticated:
        raise Http404
    try:
        action = Action.objects.select_related("assessment__organisation").get(pk=action_id)
    except Action.DoesNotExist as exc:
        raise Http404 from exc
    return action, member_of(request, action.assessment.organisation_id, role)
