"""Access to webhooks: only the organisation's owners; another organisation's subscription or
delivery is a 404, a lower role a 403 (accounts/access.py)."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from partnerscan.accounts.access import access_organisation
from partnerscan.webhooks.models import Delivery, Subscription


def access_subscription(request: HttpRequest, org_id: int, subscription_id: int) -> Subscription:
    organisation = access_organisation(request, org_id, "owner")
    found = Subscription.objects.filter(pk=subscription_id, organisation=organisation).first()
    if found is None:
        raise Http404
    found.organisation = organisation
    return found


def access_delivery(
    request: HttpRequest, org_id: int, subscription_id: int, delivery_id: int
) -> Delivery:
    subscription = access_subscription(request, org_id, subscription_id)
    found = Delivery.objects.filter(pk=delivery_id, subscription=subscription).first()
    if found is None:
        raise Http404
    found.subscription = subscription
    return found
