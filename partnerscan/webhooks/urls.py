"""The owners' webhook pages, below /orgs/<org_id>/webhooks/."""

from django.urls import URLPattern, path

from partnerscan.webhooks import views

urlpatterns: list[URLPattern] = [
    path("orgs/<int:org_id>/webhooks/", views.subscriptions, name="webhooks"),
    path(
        "orgs/<int:org_id>/webhooks/<int:subscription_id>/",
        views.subscription,
        name="webhook",
    ),
    path(
        "orgs/<int:org_id>/webhooks/<int:subscription_id>/active/",
        views.subscription_active,
        name="webhook-active",
    ),
    path(
        "orgs/<int:org_id>/webhooks/<int:subscription_id>/secret/",
        views.subscription_secret,
        name="webhook-secret",
    ),
    path(
        "orgs/<int:org_id>/webhooks/<int:subscription_id>/delete/",
        views.subscription_delete,
        name="webhook-delete",
    ),
    path(
        "orgs/<int:org_id>/webhooks/<int:subscription_id>/deliveries/<int:delivery_id>/resend/",
        views.delivery_resend,
        name="webhook-resend",
    ),
]
