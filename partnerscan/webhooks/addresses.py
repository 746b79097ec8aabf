"""Which addresses a webhook may be sent to: HTTPS on the public internet.

A subscription's URL is the owner's, but the worker posts from inside the operator's network,
so an address that resolves to a private, loopback, link-local or otherwise non-public address
is refused (no server-side request forgery against the operator's own services). The check runs
when a subscription is made and again before every POST, since a name can resolve differently
later. Plain http:// and loopback addresses are allowed only for localhost with the setting
WEBHOOKS_ALLOW_HTTP_LOCALHOST (on with DEBUG; the tests' local receiver uses it).
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from partnerscan.core.errors import DomainError

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
MAX_LENGTH = 500


def local_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_HTTP_LOCALHOST", False))


def check_url(url: str) -> str:
    """The URL, stripped, if a webhook may go there; else a DomainError that names the field."""
    url = url.strip()
    if not url or len(url) > MAX_LENGTH:
        raise DomainError(_("URL: give an address of at most %(n)d characters.") % {"n": 500})
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise DomainError(_("URL: this is not a valid address.")) from exc
    host = (parts.hostname or "").lower()
    local = local_allowed() and host in LOCAL_HOSTS
    if parts.scheme != "https" and not (parts.scheme == "http" and local):
        raise DomainError(_("URL: the address must start with https://."))
    if not host:
        raise DomainError(_("URL: the address has no host name."))
    if parts.username or parts.password:
        raise DomainError(_("URL: leave out the user name and password."))
    problem = destination_problem(host, port or (443 if parts.scheme == "https" else 80))
    if problem:
        raise DomainError(_("URL: %(problem)s") % {"problem": problem})
    return url


def destination_problem(host: str, port: int) -> str:
    """Why a POST may not go to `host`, or "" when every address it resolves to is public."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return _("the host name %(host)s cannot be found.") % {"host": host}
    for *_rest, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not (ip.is_global or (local_allowed() and ip.is_loopback)):
            return _(
                "%(host)s is an address inside a private network; webhooks go only to public "
                "addresses."
            ) % {"host": host}
    return ""


def url_problem(url: str) -> str:
    """Before each POST: why the subscription's URL may not be used now, or ""."""
    try:
        check_url(url)
    except DomainError as exc:
        return str(exc)
    return ""
