"""Log-in rate limit for every way in: our log-in page, the admin's, and any later one.

The check sits in the authentication backend, so no view can forget it; failures are
counted from Django's user_login_failed signal, which every failed authenticate() sends.
Failures count twice: per account (the address tried, whether or not it exists), so guessing
one person's password stops soon, and per network with a higher limit, so one address
cannot try many accounts, while a whole office behind one address is not locked out by one
person's mistakes.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from partnerscan.core.ratelimit import account, login_limit, login_network_limit


def account_wait(username: str | None) -> int:
    """Seconds until this address may be tried again; 0 when it is not locked."""
    return login_limit().retry_after_for(account(username)) if username else 0


def network_wait(request: HttpRequest) -> int:
    return login_network_limit().retry_after(request)


class RateLimitedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        # PermissionDenied stops authenticate() at once: not even a right password gets in.
        if request is not None and (network_wait(request) or account_wait(username)):
            raise PermissionDenied
        return super().authenticate(request, username, password, **kwargs)


def count_failed_login(
    sender: object, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = credentials.get("username")
    if username:
        login_limit().fail_for(account(str(username)))
    if request is not None:
        login_network_limit().fail(request)
