"""The access helper of a workshop: another organisation's is a 404 (accounts/access.py).
Running a session is an editor's job; a viewer of the organisation gets a 403."""

from __future__ import annotations

from django.http import HttpRequest

from partnerscan.accounts.access import access_owned
from partnerscan.accounts.models import Membership
from partnerscan.workshop.models import Workshop


def access_workshop(
    request: HttpRequest, workshop_id: int, role: str = "editor"
) -> tuple[Workshop, Membership]:
    """A workshop with its round and organisation, in the same query."""
    workshops = Workshop.objects.select_related("assessment__organisation", "current")
    return access_owned(
        request, workshops, workshop_id, lambda w: w.assessment.organisation_id, role
    )
