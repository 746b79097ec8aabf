"""The access helper of a round: another organisation's round is a 404 (accounts/access.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from partnerscan.accounts.access import member_of
from partnerscan.accounts.models import Membership
from partnerscan.assessments.models import Assessment


def access_assessment(
    request: HttpRequest, assessment_id: int, role: str = "viewer"
) -> tuple[Assessment, Membership]:
    if not request.user.is_authenticated:
        raise Http404
    try:
        assessment = Assessment.objects.select_related("organisation").get(pk=assessment_id)
    except Assessment.DoesNotExist as exc:
        raise Http404 from exc
    return assessment, member_of(request, assessment.organisation_id, role)
