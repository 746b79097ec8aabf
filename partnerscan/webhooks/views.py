"""The owners' webhook pages, under the organisation: the list with a new subscription, and per
subscription its delivery log with pause, new secret, delete and "send again".

A secret is shown on the page that answers the POST that made it, and never again (as API
tokens are): the page is not redirected to, so the secret is in no session and no message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from partnerscan.accounts.access import SignedInRequest, access_organisation
from partnerscan.core.errors import DomainError
from partnerscan.core.pages import page
from partnerscan.webhooks import domain
from partnerscan.webhooks.access import access_delivery, access_subscription
from partnerscan.webhooks.forms import ActiveForm, SubscriptionForm
from partnerscan.webhooks.models import Subscription

DELIVERIES_PER_PAGE = 50


@login_required
def subscriptions(request: SignedInRequest, org_id: int) -> HttpResponse:
    organisation = access_organisation(request, org_id, "owner")
    form = SubscriptionForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = domain.create_subscription(
                organisation, request.user, form.cleaned_data["url"], form.cleaned_data["events"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            form = SubscriptionForm()
    context = {
        "organisation": organisation,
        "form": form,
        "issued": issued,
        "subscriptions": list(organisation.webhook_subscriptions.all()),
    }
    return page(request, "webhooks/subscriptions.html", context)


def _log(request: SignedInRequest, subscription: Subscription, **extra: Any) -> HttpResponse:
    deliveries = subscription.deliveries.prefetch_related("tries")
    listing = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organisation": subscription.organisation,
        "subscription": subscription,
        "deliveries": listing,
        **extra,
    }
    return page(request, "webhooks/subscription.html", context)


@login_required
@require_GET
def subscription(request: SignedInRequest, org_id: int, subscription_id: int) -> HttpResponse:
    return _log(request, access_subscription(request, org_id, subscription_id))


@login_required
@require_POST
def subscription_active(
    request: SignedInRequest, org_id: int, subscription_id: int
) -> HttpResponse:
    found = access_subscription(request, org_id, subscription_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        raise Http404
    active = form.cleaned_data["active"]
    domain.set_active(found, request.user, active)
    messages.success(
        request, _("The webhook is on again.") if active else _("The webhook is paused.")
    )
    return redirect("webhook", org_id, found.pk)


@login_required
@require_POST
def subscription_secret(
    request: SignedInRequest, org_id: int, subscription_id: int
) -> HttpResponse:
    issued = domain.roll_secret(access_subscription(request, org_id, subscription_id), request.user)
    return _log(request, issued.subscription, issued=issued)


@login_required
@require_POST
def subscription_delete(
    request: SignedInRequest, org_id: int, subscription_id: int
) -> HttpResponse:
    domain.delete_subscription(access_subscription(request, org_id, subscription_id), request.user)
    messages.success(request, _("The webhook is deleted; nothing more is sent to it."))
    return redirect("webhooks", org_id)


@login_required
@require_POST
def delivery_resend(
    request: SignedInRequest, org_id: int, subscription_id: int, delivery_id: int
) -> HttpResponse:
    delivery = access_delivery(request, org_id, subscription_id, delivery_id)
    domain.resend(delivery, request.user)
    messages.success(request, _("The event will be sent again, with the same id, within a minute."))
    return redirect("webhook", org_id, subscription_id)
