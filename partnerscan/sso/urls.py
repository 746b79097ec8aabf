"""Single sign-on's two addresses; both are a 404 while OIDC_ISSUER is not set."""

from django.urls import URLPattern, path

from partnerscan.sso import views

app_name = "sso"
urlpatterns: list[URLPattern] = [
    path("login/oidc/", views.start, name="start"),
    path("login/oidc/callback/", views.callback, name="callback"),
]
