"""The audit log of an organisation, for its owners."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from partnerscan.accounts.access import access_membership
from partnerscan.audit.models import AuditEvent
from partnerscan.core.pages import page

PER_PAGE = 100


@login_required
def audit_log(request: HttpRequest, org_id: int) -> HttpResponse:
    membership = access_membership(request, org_id, "owner")
    events = AuditEvent.objects.filter(organisation=membership.organisation).select_related(
        "user", "assessment"
    )
    listing = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organisation": membership.organisation,
        "membership": membership,
        "events": listing,
    }
    return page(request, "manage/audit.html", context)
