"""The access helper of a round: another organisation's round is a 404 (accounts/access.py)."""

from __future__ import annotations

from django.http import HttpRequest

from partnerscan.accounts.access import access_owned
from partnerscan.accounts.models import Membership
from partnerscan.assessments.models import Assessment


def access_assessment(
    request: HttpRequest, assessment_id: int, role: str = "viewer"
) -> tuple[Assessment, Membership]:
    rounds = Assessment.objects.select_related("organisation")
    return access_owned(request, rounds, assessment_id, lambda a: a.organisation_id, role)
