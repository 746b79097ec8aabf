"""Log in and out, password reset and change (Django's views with our templates)."""

from django.contrib.auth import views as auth
from django.urls import URLPattern, URLResolver, path

from partnerscan.accounts.views import EmailLoginView, LimitedPasswordResetView, member_join

urlpatterns: list[URLPattern | URLResolver] = [
    path("login/", EmailLoginView.as_view(), name="login"),
    path("join/<str:token>/", member_join, name="member-join"),
    path("logout/", auth.LogoutView.as_view(), name="logout"),
    path("password/change/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/reset/", LimitedPasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
