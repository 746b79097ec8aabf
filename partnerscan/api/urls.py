"""The signed-in user's API tokens, at /account/api-tokens/ (the API itself is in v1.py)."""

from django.urls import URLPattern, path

from partnerscan.api import views

urlpatterns: list[URLPattern] = [
    path("api-tokens/", views.tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.token_revoke, name="api-token-revoke"),
    path(
        "api-tokens/organisations/<int:org_id>/",
        views.organisation_tokens,
        name="organisation-api-tokens",
    ),
    path(
        "api-tokens/organisations/<int:org_id>/<int:token_id>/revoke/",
        views.organisation_token_revoke,
        name="organisation-api-token-revoke",
    ),
]
