"""Rate limits per client network and per account, kept in Django's cache (a database table
in production).

Each limit has its own bucket, so guessing respondent tokens never locks or unlocks a log-in,
and failed log-ins never block respondents. A bucket counts hits (failures, or claims of the
open link) in a fixed window that starts with the first hit; once the count reaches the limit,
the key is refused until the window ends. Counting is read-then-write, so two workers may each
miss one hit of a burst: a limit of 30 may let through a few more, which does not change what
guessing can do.

A network is an IPv4 address or an IPv6 /64: one IPv6 household or office gets a whole /64
and can pick a new address for every request, so counting single IPv6 addresses would limit
nothing.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

IPV6_NETWORK_PREFIX = 64


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or behind the trusted reverse proxy the address it forwarded.

    X-Forwarded-For is only believed from TRUSTED_PROXY: anyone else could send a new
    address with every guess and never be limited.
    """
    remote = str(request.META.get("REMOTE_ADDR", ""))
    trusted = getattr(settings, "TRUSTED_PROXY", "")
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if trusted and remote == trusted and forwarded:
        # The proxy appends the address it saw last; earlier entries are the client's claims.
        return forwarded.split(",")[-1].strip()
    return remote


def network(address: str) -> str:
    """The network an address is limited as: an IPv4 address itself, an IPv6 address's /64.

    An IPv4 address written as IPv6 (::ffff:192.0.2.1) is that IPv4 address. Anything that is
    not an address (a test client, a broken proxy) is kept as it is.
    """
    try:
        parsed = ipaddress.ip_address(address.strip())
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/{IPV6_NETWORK_PREFIX}", strict=False))
    return str(parsed)


def client_network(request: HttpRequest) -> str:
    return network(client_address(request))


@dataclass(frozen=True)
class Limit:
    """A bucket of hits per key: the client's network, or any other name (an account)."""

    bucket: str
    attempts: int
    seconds: int

    def _key(self, who: str) -> str:
        # Hashed: the cache table then holds no address or e-mail address in clear.
        digest = hashlib.sha256(who.encode()).hexdigest()[:32]
        return f"ratelimit:{self.bucket}:{digest}"

    def retry_after(self, request: HttpRequest) -> int:
        """Seconds until the client's network may try again; 0 when it is not refused."""
        return self.retry_after_for(client_network(request))

    def hit(self, request: HttpRequest) -> None:
        """Count one hit (a failure, or a claim) of the client's network."""
        self.hit_for(client_network(request))

    def retry_after_for(self, who: str) -> int:
        count, ends = cache.get(self._key(who), (0, 0.0))
        remaining = ends - time.time()
        if count < self.attempts or remaining <= 0:
            return 0
        return math.ceil(float(remaining))

    def hit_for(self, who: str) -> None:
        key, now = self._key(who), time.time()
        count, ends = cache.get(key, (0, 0.0))
        if ends <= now:
            count, ends = 0, now + self.seconds
        # The timeout is the rest of the window: a hit never extends an existing lock.
        cache.set(key, (count + 1, ends), timeout=math.ceil(ends - now))

    # Where what is counted is a failure, the call says so.
    fail = hit
    fail_for = hit_for


def _limit(bucket: str, setting: str) -> Limit:
    attempts, seconds = getattr(settings, setting)
    return Limit(bucket, attempts, seconds)


def token_limit() -> Limit:
    """Unknown respondent tokens per network."""
    return _limit("token", "RATE_LIMIT_TOKENS")


def login_limit() -> Limit:
    """Failed log-ins per account (the e-mail address tried, known or not)."""
    return _limit("login", "RATE_LIMIT_LOGINS")


def login_network_limit() -> Limit:
    """Failed log-ins per network: higher than per account, for a whole office behind one
    address."""
    return _limit("login-network", "RATE_LIMIT_LOGIN_NETWORK")


def reset_limit() -> Limit:
    """Password-reset requests per e-mail address, known or not."""
    return _limit("reset", "RATE_LIMIT_RESETS")


def reset_network_limit() -> Limit:
    return _limit("reset-network", "RATE_LIMIT_RESET_NETWORK")


def claim_limit() -> Limit:
    """Personal links claimed from open links per network."""
    return _limit("claim", "RATE_LIMIT_CLAIMS")


def access_code_limit() -> Limit:
    """Wrong access codes of open links per network."""
    return _limit("access-code", "RATE_LIMIT_ACCESS_CODES")


def api_token_limit() -> Limit:
    """Unknown, expired or revoked API tokens per network."""
    return _limit("api-token", "RATE_LIMIT_TOKENS")


def api_limit() -> Limit:
    """Requests per API token, whatever they ask."""
    return _limit("api", "RATE_LIMIT_API")


def account(email: str) -> str:
    """The key of an account's bucket: the address as the log-in form normalises it."""
    return "account:" + email.strip().lower()


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))
