"""The access helpers of the portfolio: another organisation's object is a 404, a role too low
for the page a 403 (accounts/access.py)."""

from __future__ import annotations

from django.http import HttpRequest

from partnerscan.accounts.access import access_owned
from partnerscan.accounts.models import Membership
from partnerscan.portfolio.models import (
    HealthCheck,
    PartnerOrganisation,
    Partnership,
    PartnershipContact,
)


def access_partnership(
    request: HttpRequest, partnership_id: int, role: str = "viewer"
) -> tuple[Partnership, Membership]:
    partnerships = Partnership.objects.select_related("organisation", "owner__user")
    return access_owned(request, partnerships, partnership_id, lambda p: p.organisation_id, role)


def access_partner(
    request: HttpRequest, partner_id: int, role: str = "viewer"
) -> tuple[PartnerOrganisation, Membership]:
    partners = PartnerOrganisation.objects.select_related("organisation")
    return access_owned(request, partners, partner_id, lambda p: p.organisation_id, role)


def access_health_check(
    request: HttpRequest, check_id: int, role: str = "viewer"
) -> tuple[HealthCheck, Membership]:
    checks = HealthCheck.objects.select_related("partnership__organisation")
    return access_owned(request, checks, check_id, lambda c: c.partnership.organisation_id, role)


def access_contact(
    request: HttpRequest, contact_id: int, role: str = "editor"
) -> tuple[PartnershipContact, Membership]:
    contacts = PartnershipContact.objects.select_related("partnership__organisation")
    return access_owned(
        request, contacts, contact_id, lambda c: c.partnership.organisation_id, role
    )
