"""The benchmark page, and the owner's choices: opting a round in or out, sector and size."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.access import access_membership
from partnerscan.assessments.access import access_assessment
from partnerscan.assessments.http import MemberRequest
from partnerscan.audit.events import record
from partnerscan.audit.models import Event
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page, reader_lang, remember
from partnerscan.pool import domain
from partnerscan.pool.benchmark import benchmark
from partnerscan.pool.forms import PeersForm, PoolProfileForm, PoolToggleForm


@login_required
@require_GET
def benchmark_page(request: HttpRequest, assessment_id: int) -> HttpResponse:
    """Every member may read it; the peers filter is a plain GET form."""
    assessment, membership = access_assessment(request, assessment_id)
    remember(request, assessment.organisation)
    form = PeersForm(request.GET or None)
    peers = form.chosen() if request.GET else "all"
    record(
        Event.RESULTS_VIEWED,
        user=request.user,
        assessment=assessment,
        detail="benchmark",
        code="viewed",
        params={"page": "benchmark"},
    )
    organisation = assessment.organisation
    context = {
        "assessment": assessment,
        "organisation": organisation,
        "membership": membership,
        "benchmark": benchmark(assessment, reader_lang(request), peers),
        "peers_form": PeersForm(initial={"peers": peers}),
        "profile_form": PoolProfileForm(
            initial={
                "sector": organisation.sector,
                "size": organisation.size,
                "pool_named": organisation.pool_named,
            }
        ),
    }
    return page(request, "pool/benchmark.html", context)


@login_required
@require_POST
def pool_toggle(request: MemberRequest, assessment_id: int) -> HttpResponse:
    """Owners only: sharing the organisation's results outside it is their decision."""
    assessment, _membership = access_assessment(request, assessment_id, "owner")
    form = PoolToggleForm(request.POST)
    if not form.is_valid():
        raise Http404
    in_pool = form.cleaned_data["in_pool"]
    try:
        entry = domain.set_in_pool(assessment, in_pool, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _toggled(in_pool, assessment.is_closed, entry is not None))
    return redirect("benchmark", assessment.pk)


def _toggled(in_pool: bool, closed: bool, entered: bool) -> str:
    if not in_pool:
        return _("This round is no longer shared: its means have left the pool.")
    if entered:
        return _("This round's means are now in the pool.")
    if closed:
        return _("This round is shared, but below 3 respondents it has no means to add.")
    return _("This round will join the pool when it closes.")


@login_required
@require_POST
def pool_profile(request: MemberRequest, org_id: int) -> HttpResponse:
    """Owners only: the sector and size band peers are compared on."""
    organisation = access_membership(request, org_id, "owner").organisation
    form = PoolProfileForm(request.POST)
    if form.is_valid():
        domain.set_pool_profile(organisation, by=request.user, **form.cleaned_data)
        messages.success(request, _("Saved."))
    else:
        messages.error(
            request,
            _("Not saved: choose a sector and a size from the lists."),
        )
    back = request.POST.get("assessment", "")
    if back.isdigit() and organisation.assessments.filter(pk=back).exists():
        return redirect("benchmark", int(back))
    return redirect("organisation", organisation.pk)
