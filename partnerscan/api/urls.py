"""The signed-in user's API tokens, at /account/api-tokens/ (the API itself is in v1.py)."""

from django.urls import URLPattern, path

from partnerscan.api import views

urlpatterns: list[URLPattern] = [
    path("api-tokens/", views.tokens, name="api-tokens"),
    path("api-tokens/<int:token_id>/revoke/", views.token_revoke, name="api-token-revoke"),
]
