"""The health checks of a partnership as editors run them: start one, make links per side (shown
once), close it. Every member sees the checks on the partnership page (views.partnership)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from partnerscan.assessments.http import MemberRequest
from partnerscan.assessments.models import LANGUAGE_CHOICES
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page
from partnerscan.portfolio import health
from partnerscan.portfolio.access import access_health_check, access_partnership
from partnerscan.portfolio.forms import HealthLinksForm
from partnerscan.portfolio.models import Side


def _back(partnership_id: int) -> HttpResponse:
    return redirect(reverse("partnership", args=[partnership_id]) + "#health")


@login_required
@require_POST
def health_check_start(request: MemberRequest, partnership_id: int) -> HttpResponse:
    partnership, _membership = access_partnership(request, partnership_id, "editor")
    try:
        health.start_health_check(partnership, request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The health check has started. Make links for both sides."))
    return _back(partnership.pk)


def health_url(token: str) -> str:
    # SITE_URL, as the scans' links: behind a proxy the request's host may be an internal name.
    return f"{settings.SITE_URL}{reverse('health-start', args=[token])}"


@login_required
@require_POST
def health_check_links(request: MemberRequest, check_id: int) -> HttpResponse:
    """The new links, on the answer to the POST only: they are stored hashed, so this is the
    one moment they can be copied."""
    check, _membership = access_health_check(request, check_id, "editor")
    form = HealthLinksForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("No links were made: choose a side, a number and a language."))
        return _back(check.partnership_id)
    try:
        made = health.create_health_links(check, request.user, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(check.partnership_id)
    context = {
        "organisation": check.partnership.organisation,
        "partnership": check.partnership,
        "health_check": check,
        "side": dict(Side.choices)[form.cleaned_data["side"]],
        "language": dict(LANGUAGE_CHOICES)[form.cleaned_data["language"]],
        "links": "\n".join(health_url(token) for token in made),
        "count": len(made),
    }
    return page(request, "portfolio/health_links.html", context)


@login_required
def health_check_close(request: MemberRequest, check_id: int) -> HttpResponse:
    check, _membership = access_health_check(request, check_id, "editor")
    if request.method == "POST":
        health.close_health_check(check, request.user)
        messages.success(request, _("The health check is closed."))
        return _back(check.partnership_id)
    context = {
        "organisation": check.partnership.organisation,
        "partnership": check.partnership,
        "health_check": check,
    }
    return page(request, "portfolio/health_close.html", context)
