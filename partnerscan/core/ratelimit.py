"""Rate limits per client address, kept in Django's cache (a database table in production).

Each limit has its own bucket, so guessing respondent tokens never locks or unlocks a log-in,
and failed log-ins never block respondents. A bucket counts failures in a fixed window that
starts with the first failure; once the count reaches the limit, the address is refused until
the window ends. Counting is read-then-write, so two workers may each miss one failure of a
burst: a limit of 30 may let through a few more, which does not change what guessing can do.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind the trusted reverse proxy the address it forwarded.

    X-Forwarded-For is only believed from TRUSTED_PROXY: anyone else could send a new
    address with every guess and never be limited.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "TRUSTED_PROXY", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if trusted and remote == trusted and forwarded:
        # The proxy appends the address it saw last; earlier entries are the client's claims.
        return forwarded.split(",")[-1].strip()
    return remote


@dataclass(frozen=True)
class Limit:
    bucket: str
    attempts: int
    seconds: int

    def _key(self, request: HttpRequest) -> str:
        address = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
        return f"ratelimit:{self.bucket}:{address}"

    def retry_after(self, request: HttpRequest) -> int:
        """Seconds until this address may try again; 0 when it is not refused."""
        count, ends = cache.get(self._key(request), (0, 0.0))
        remaining = ends - time.time()
        if count < self.attempts or remaining <= 0:
            return 0
        return math.ceil(remaining)

    def fail(self, request: HttpRequest) -> None:
        key, now = self._key(request), time.time()
        count, ends = cache.get(key, (0, 0.0))
        if ends <= now:
            count, ends = 0, now + self.seconds
        # The timeout is the rest of the window: a failure never extends an existing lock.
        cache.set(key, (count + 1, ends), timeout=math.ceil(ends - now))


def token_limit() -> Limit:
    attempts, seconds = settings.RATE_LIMIT_TOKENS
    return Limit("token", attempts, seconds)


def login_limit() -> Limit:
    attempts, seconds = settings.RATE_LIMIT_LOGINS
    return Limit("login", attempts, seconds)


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
