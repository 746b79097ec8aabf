"""Log-in rate limit for every way in: our log-in page, the admin's, and any later one.

The check sits in the authentication backend, so no view can forget it; failures are
counted from Django's user_login_failed signal, which every failed authenticate() sends.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from partnerscan.core.ratelimit import login_limit


class RateLimitedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        # PermissionDenied stops authenticate() at once: not even a right password gets in.
        if request is not None and login_limit().retry_after(request):
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)


def count_failed_login(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    if request is not None:
        login_limit().fail(request)
