"""The access helper of a plan's action: another organisation's is a 404 (accounts/access.py)."""

from __future__ import annotations

from django.http import HttpRequest

from partnerscan.accounts.access import access_owned
from partnerscan.accounts.models import Membership
from partnerscan.plans.models import Action


def access_action(
    request: HttpRequest, action_id: int, role: str = "viewer"
) -> tuple[Action, Membership]:
    """An action of the plan, with its assessment and organisation in the same query."""
    actions = Action.objects.select_related("assessment__organisation")
    return access_owned(request, actions, action_id, lambda a: a.assessment.organisation_id, role)
